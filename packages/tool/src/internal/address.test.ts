import { describe, expect, it } from 'vitest'
import { classifyAddress, classifyHostName, isLoopbackUrl } from './address.js'

describe('address classes (what the registration page may call)', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['172.32.0.1', 'public'],
    ['2001:4860:4860::8888', 'public'],
    ['2a00:1450::1', 'public'],
    ['::ffff:8.8.8.8', 'public'],
    ['[2606:4700::1111]', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.10', 'private'],
    ['169.254.169.254', 'private'],
    ['100.64.0.1', 'private'],
    ['0.0.0.0', 'private'],
    ['192.0.2.1', 'private'],
    ['198.18.0.1', 'private'],
    ['224.0.0.251', 'private'],
    ['255.255.255.255', 'private'],
    ['::', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1', 'private'],
    ['fe80::1%eth0', 'private'],
    ['ff02::1', 'private'],
    ['2001:db8::1', 'private'],
    ['2001::1', 'private'],
    ['2002:c0a8:101::1', 'private'],
    ['::ffff:169.254.169.254', 'private'],
    ['::ffff:a9fe:a9fe', 'private'],
    ['64:ff9b::a00:1', 'private'],
    ['64:ff9b::808:808', 'public'],
    ['::10.0.0.1', 'private'],
    ['1:2:3', 'private'],
    ['::1::', 'private'],
  ] as const)('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected)
  })

  it.each(['example.com', '1.2.3', '256.1.1.1', '', 'localhost'])(
    '%s is not an IP address',
    (text) => expect(classifyAddress(text)).toBeUndefined(),
  )

  it('knows localhost names without DNS, and leaves other names to the resolver', () => {
    expect(classifyHostName('localhost')).toBe('loopback')
    expect(classifyHostName('LOCALHOST.')).toBe('loopback')
    expect(classifyHostName('api.localhost')).toBe('loopback')
    expect(classifyHostName('localhost.example.com')).toBeUndefined()
    expect(classifyHostName('10.0.0.1')).toBe('private')
    expect(isLoopbackUrl(new URL('http://[::1]:8080/x'))).toBe(true)
    expect(isLoopbackUrl(new URL('https://0x7f.1/'))).toBe(true)
    expect(isLoopbackUrl(new URL('https://lms.example/'))).toBe(false)
  })
})
