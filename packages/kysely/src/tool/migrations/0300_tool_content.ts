import { type Kysely, sql } from 'kysely'

/**
 * The tool role's learning content: courses (with an optional unique external ID), activities
 * (content pages and quizzes, with completion conditions), quiz questions and learner progress.
 */
// Migrations take Kysely<any> on purpose: they must keep working when today's types change.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tool_courses')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('external_id', 'text', (col) => col.unique())
    .addColumn('description', 'text')
    .addColumn('grade_activity_id', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema
    .createTable('tool_activities')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('course_id', 'text', (col) =>
      col.notNull().references('tool_courses.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('page', 'quiz')`))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('requires', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('tool_activities_course_idx')
    .on('tool_activities')
    .columns(['course_id', 'position'])
    .execute()
  await db.schema
    .createTable('tool_questions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('activity_id', 'text', (col) =>
      col.notNull().references('tool_activities.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('prompt', 'text', (col) => col.notNull())
    .addColumn('choices', 'text', (col) => col.notNull())
    .addColumn('correct_index', 'integer', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('tool_questions_activity_idx')
    .on('tool_questions')
    .columns(['activity_id', 'position'])
    .execute()
  await db.schema
    .createTable('tool_progress')
    .addColumn('learner_id', 'text', (col) => col.notNull())
    .addColumn('activity_id', 'text', (col) =>
      col.notNull().references('tool_activities.id').onDelete('cascade'),
    )
    .addColumn('course_id', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) =>
      col.notNull().check(sql`state in ('started', 'completed')`),
    )
    .addColumn('score', 'double precision')
    .addColumn('correct', 'integer')
    .addColumn('total', 'integer')
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addColumn('completed_at', 'bigint')
    .addPrimaryKeyConstraint('tool_progress_pkey', ['learner_id', 'activity_id'])
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tool_progress').execute()
  await db.schema.dropTable('tool_questions').execute()
  await db.schema.dropTable('tool_activities').execute()
  await db.schema.dropTable('tool_courses').execute()
}
