/**
 * The substitution variables LTI 1.3 defines (CORE Appendix B) and AGS adds, by group. Platforms
 * choose which to support; a tool asks for one by setting a custom parameter's value to `$Name`.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#substitution-variables
 */

const USER_FIELDS = [
  'id',
  'image',
  'username',
  'org',
  'scope.mentor',
  'gradeLevels.oneRoster',
] as const

const PERSON_FIELDS = [
  'sourcedId',
  'name.full',
  'name.family',
  'name.given',
  'name.middle',
  'name.prefix',
  'name.suffix',
  'gender',
  'gender.pronouns',
  'address.street1',
  'address.street2',
  'address.street3',
  'address.street4',
  'address.locality',
  'address.statepr',
  'address.country',
  'address.postcode',
  'address.timezone',
  'phone.mobile',
  'phone.primary',
  'phone.home',
  'phone.work',
  'email.primary',
  'email.personal',
  'webaddress',
  'sms',
] as const

const COURSE_FIELDS = [
  'sourcedId',
  'label',
  'title',
  'shortDescription',
  'longDescription',
  'courseNumber',
  'credits',
] as const

/** Field names of each variable group; a variable is `Group.field`. */
export const VARIABLE_GROUPS = {
  User: USER_FIELDS,
  // The same fields about the real user when someone acts as another (masquerade).
  ActualUser: USER_FIELDS,
  Person: PERSON_FIELDS,
  ActualPerson: PERSON_FIELDS,
  Context: [
    'id',
    'org',
    'type',
    'label',
    'title',
    'sourcedId',
    'id.history',
    'gradeLevels.oneRoster',
  ],
  ResourceLink: [
    'id',
    'title',
    'description',
    'available.startDateTime',
    'available.endDateTime',
    'available.user.startDateTime',
    'available.user.endDateTime',
    'submission.startDateTime',
    'submission.endDateTime',
    'submission.user.startDateTime',
    'submission.user.endDateTime',
    'lineitem.releaseDateTime',
    'lineitem.user.releaseDateTime',
    'id.history',
  ],
  CourseTemplate: COURSE_FIELDS,
  CourseOffering: [...COURSE_FIELDS, 'academicSession'],
  CourseSection: [
    ...COURSE_FIELDS,
    'maxNumberOfStudents',
    'numberOfStudents',
    'dept',
    'timeFrame.begin',
    'timeFrame.end',
    'enrollControl.accept',
    'enrollControl.allowed',
    'dataSource',
    'sourceSectionId',
  ],
  Group: [
    'sourcedId',
    'scheme',
    'typevalue',
    'level',
    'email',
    'url',
    'timeFrame.begin',
    'timeFrame.end',
    'enrollControl.accept',
    'enrollControl.allowed',
    'shortDescription',
    'longDescription',
    'parentId',
  ],
  Membership: [
    'sourcedId',
    'collectionSourcedId',
    'personSourcedId',
    'status',
    'role',
    'createdTimestamp',
    'dataSource',
    'role.scope.mentor',
  ],
  Message: ['returnUrl', 'documentTarget', 'height', 'width', 'locale'],
  ToolPlatform: ['productFamilyCode', 'version'],
  ToolPlatformInstance: ['guid', 'name', 'description', 'url', 'contactEmail'],
  // AGS §3.4: `$LineItem.url` resolves only when the link has exactly one line item.
  LineItem: ['url'],
  LineItems: ['url'],
} as const

type Groups = typeof VARIABLE_GROUPS

/** A substitution variable name as the spec writes it, without the leading `$`. */
export type VariableName = {
  [G in keyof Groups]: `${G}.${Groups[G][number]}`
}[keyof Groups]

/** Every variable name of the catalogue, in a stable order. */
export const SUBSTITUTION_VARIABLES: readonly VariableName[] = Object.freeze(
  Object.entries(VARIABLE_GROUPS).flatMap(([group, fields]) =>
    fields.map((field) => `${group}.${field}` as VariableName),
  ),
)

const KNOWN: ReadonlySet<string> = new Set(SUBSTITUTION_VARIABLES)

/** Whether `name` (without `$`) is a variable of the catalogue. */
export function isVariableName(name: string): name is VariableName {
  return KNOWN.has(name)
}
