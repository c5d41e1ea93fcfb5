/** `settings`: instance-wide values, one JSON document per key. */
export interface SettingsTable {
  key: string
  /** JSON text. */
  value: string
  /** Epoch ms. */
  updated_at: number
}

export interface SettingTables {
  settings: SettingsTable
}
