import { type Kysely, sql } from 'kysely'

/**
 * The platform's LMS school model: districts, schools, users (with parent links and school
 * memberships), courses, sections (with copy history), enrolments, assignments and the grade book.
 * Timestamps are epoch ms in BIGINT columns; scores are double precision.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('districts')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('schools')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('district_id', 'text', (col) =>
      col.notNull().references('districts.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('lti_licensed', 'integer', (col) => col.notNull().check(sql`lti_licensed in (0, 1)`))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('schools_district_name_key', ['district_id', 'name'])
    .execute()

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('district_id', 'text', (col) =>
      col.notNull().references('districts.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind in ('administrator', 'teacher', 'student', 'parent')`),
    )
    .addColumn('given_name', 'text', (col) => col.notNull())
    .addColumn('family_name', 'text', (col) => col.notNull())
    .addColumn('email', 'text')
    .addColumn('login_name', 'text', (col) => col.notNull().unique())
    .addColumn('sourced_id', 'text')
    .addColumn('locale', 'text')
    .addColumn('lti11_user_id', 'text')
    .addColumn('external_learning_tools', 'integer', (col) =>
      col.notNull().check(sql`external_learning_tools in (0, 1)`),
    )
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('user_schools')
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('school_id', 'text', (col) =>
      col.notNull().references('schools.id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('user_schools_pkey', ['user_id', 'school_id'])
    .execute()
  await db.schema
    .createIndex('user_schools_school_idx')
    .on('user_schools')
    .column('school_id')
    .execute()

  await db.schema
    .createTable('parent_links')
    .addColumn('parent_id', 'text', (col) =>
      col.notNull().references('users.id').onDelete('cascade'),
    )
    .addColumn('student_id', 'text', (col) =>
      col.notNull().references('users.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('parent_links_pkey', ['parent_id', 'student_id'])
    .execute()
  await db.schema
    .createIndex('parent_links_student_idx')
    .on('parent_links')
    .column('student_id')
    .execute()

  await db.schema
    .createTable('courses')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('school_id', 'text', (col) =>
      col.notNull().references('schools.id').onDelete('cascade'),
    )
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('sourced_id', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('courses_school_code_key', ['school_id', 'code'])
    .execute()

  await db.schema
    .createTable('sections')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('course_id', 'text', (col) =>
      col.notNull().references('courses.id').onDelete('cascade'),
    )
    .addColumn('label', 'text', (col) => col.notNull())
    .addColumn('term', 'text', (col) => col.notNull())
    .addColumn('starts_at', 'bigint')
    .addColumn('ends_at', 'bigint')
    .addColumn('sourced_id', 'text')
    // History survives the deletion of the original: the copy keeps its id, not a live reference.
    .addColumn('copied_from', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('sections_course_term_label_key', ['course_id', 'term', 'label'])
    .execute()

  await db.schema
    .createTable('enrolments')
    .addColumn('section_id', 'text', (col) =>
      col.notNull().references('sections.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (col) =>
      col.notNull().check(sql`role in ('teacher', 'student', 'teaching_assistant')`),
    )
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('active', 'inactive')`),
    )
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('enrolments_pkey', ['section_id', 'user_id'])
    .execute()
  await db.schema.createIndex('enrolments_user_idx').on('enrolments').column('user_id').execute()

  await db.schema
    .createTable('assignments')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('section_id', 'text', (col) =>
      col.notNull().references('sections.id').onDelete('cascade'),
    )
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('summary', 'text')
    .addColumn('scoring', 'text', (col) =>
      col.notNull().check(sql`scoring in ('points', 'marks', 'rubric')`),
    )
    .addColumn('points_possible', 'double precision')
    .addColumn('due_at', 'bigint')
    .addColumn('copied_from', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    // Points possible exactly for points assignments, and positive: grades are scaled by it.
    .addCheckConstraint(
      'assignments_points_possible_check',
      sql`(scoring = 'points' and points_possible > 0) or (scoring <> 'points' and points_possible is null)`,
    )
    .execute()
  await db.schema
    .createIndex('assignments_section_idx')
    .on('assignments')
    .column('section_id')
    .execute()

  await db.schema
    .createTable('grade_entries')
    .addColumn('assignment_id', 'text', (col) =>
      col.notNull().references('assignments.id').onDelete('cascade'),
    )
    .addColumn('student_id', 'text', (col) =>
      col.notNull().references('users.id').onDelete('cascade'),
    )
    .addColumn('points', 'double precision')
    .addColumn('points_possible', 'double precision')
    .addColumn('percentage', 'double precision')
    .addColumn('mark', 'text')
    .addColumn('comment', 'text')
    .addColumn('source', 'text', (col) =>
      col.notNull().check(sql`source in ('lti-ags', 'lti-bo', 'manual')`),
    )
    .addColumn('connection_id', 'text')
    .addColumn('line_item_id', 'text')
    .addColumn('scored_at', 'text', (col) => col.notNull())
    .addColumn('scored_at_ms', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('grade_entries_pkey', ['assignment_id', 'student_id'])
    .execute()
  await db.schema
    .createIndex('grade_entries_student_idx')
    .on('grade_entries')
    .column('student_id')
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'grade_entries',
    'assignments',
    'enrolments',
    'sections',
    'courses',
    'parent_links',
    'user_schools',
    'users',
    'schools',
    'districts',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
