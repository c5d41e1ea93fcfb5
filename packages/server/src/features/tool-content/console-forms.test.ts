import { describe, expect, it } from 'vitest'
import { ContentRefusal } from './authoring.js'
import { formErrorsOf, noticeOf, postedQuestion, questionOfForm } from './console-forms.js'

describe('the question form', () => {
  it('leaves empty choice slots out and re-counts the correct one', () => {
    const values = postedQuestion({
      prompt: ' Which? ',
      choices: ['', 'Goggles', '  ', 'Sunglasses', ''],
      correctIndex: '3',
    })
    expect(questionOfForm(values)).toEqual({
      prompt: 'Which?',
      choices: ['Goggles', 'Sunglasses'],
      correctIndex: 1,
    })
  })

  it.each([
    [{ prompt: 'Q', choices: ['a', 'b'], correctIndex: '2' }, 'correctIndex'],
    [{ prompt: 'Q', choices: ['a', ''], correctIndex: '0' }, 'choices'],
    [{ prompt: '', choices: ['a', 'b'], correctIndex: '0' }, 'prompt'],
    [{ prompt: 'Q', choices: Array(11).fill('x'), correctIndex: '0' }, 'choices'],
    [{ prompt: 'Q', choices: ['a', 'x'.repeat(301)], correctIndex: '0' }, 'choices'],
    [{ prompt: ['Q', 'R'], choices: 'a', correctIndex: 'nope' }, 'choices'],
    [{ prompt: { nested: true }, correctIndex: ['0', '1'] }, 'prompt'],
  ])('refuses a bad question %#, naming the field', (body, field) => {
    let errors = {}
    try {
      questionOfForm(postedQuestion(body))
    } catch (error) {
      errors = formErrorsOf(error)
    }
    expect(Object.keys(errors)).toContain(field)
  })

  it('turns refusals into messages by field, and unknown records into 404', () => {
    expect(formErrorsOf(new ContentRefusal('externalId', 'taken'))).toEqual({ externalId: 'taken' })
    expect(() => formErrorsOf(new ContentRefusal('course', 'gone', 404))).toThrow('404')
    expect(() => formErrorsOf(new TypeError('bug'))).toThrow(TypeError)
  })

  it('shows only the notices it knows', () => {
    expect(noticeOf({ saved: 'created' })).toMatch(/Course created/)
    expect(noticeOf({ saved: '<script>' })).toBeUndefined()
    expect(noticeOf({ saved: 'toString' })).toBeUndefined()
    expect(noticeOf(undefined)).toBeUndefined()
  })
})
