import { z } from '@hono/zod-openapi';
import { SNOOZE_PRESETS } from '../core/task-time';
import { idString, plainString } from './text';

const pathParam = (name: string) => idString().openapi({ param: { name, in: 'path' } });
const timestamp = () => z.string().openapi({ format: 'date-time' });

/** An instant with its offset (`2026-03-29T09:00:00+02:00` or `…Z`); any other text is `invalid_format`. */
const dueAt = () =>
  z.iso
    .datetime({ offset: true, message: 'Not a date and time with an offset' })
    .openapi({ format: 'date-time', example: '2026-03-30T09:00:00+02:00' });

/** Null or absent: the default "Follow up", worded in the reader's language. */
const title = () => plainString().trim().min(1, 'Write something').max(200).nullable();
/** As long as a note on the lead may be. */
const note = () => plainString().trim().max(10_000).nullable();

/** A task of a lead, by path. */
export const TaskParamSchema = z.object({ id: pathParam('id') });

/**
 * POST /api/leads/{id}/tasks. Every field has a default: the title "Follow up", due tomorrow 9:00 in the
 * assignee's time zone, assigned to the lead's owner (else the creator). A due time in the past is allowed
 * (the task is overdue at once).
 */
export const CreateTaskSchema = z
  .object({
    title: title().optional(),
    note: note().optional(),
    dueAt: dueAt().optional(),
    assigneeId: idString().optional(),
  })
  .strict()
  .openapi('CreateTask');

/** PATCH /api/tasks/{id}: what changes. Moving the due time re-arms its reminder. */
export const UpdateTaskSchema = z
  .object({ title: title(), note: note(), dueAt: dueAt(), assigneeId: idString() })
  .partial()
  .strict()
  .openapi('UpdateTask');

/** POST /api/tasks/{id}/snooze: a preset in the assignee's time zone, or a chosen time. */
export const SnoozeTaskSchema = z
  .object({ preset: z.enum(SNOOZE_PRESETS), dueAt: dueAt() })
  .partial()
  .strict()
  .superRefine((v, ctx) => {
    if ((v.preset === undefined) === (v.dueAt === undefined))
      ctx.addIssue({ code: 'custom', path: ['preset'], message: 'Give a preset or a dueAt, one of them' });
  })
  .openapi('SnoozeTask');

/** The buckets of "My tasks", by the person's own day: before now, the rest of today, later. */
export const TASK_BUCKETS = ['overdue', 'today', 'upcoming'] as const;
export type TaskBucket = (typeof TASK_BUCKETS)[number];

/** GET /api/tasks. */
export const TaskQuerySchema = z.object({
  scope: z
    .enum(['mine'])
    .default('mine')
    .openapi({ param: { name: 'scope', in: 'query' }, description: 'Only the caller’s own tasks.' }),
  bucket: z.enum(TASK_BUCKETS).openapi({ param: { name: 'bucket', in: 'query' } }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(100)
    .openapi({ param: { name: 'limit', in: 'query' } }),
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ param: { name: 'cursor', in: 'query' }, description: 'Opaque cursor from `nextCursor`.' }),
});

export const TaskSchema = z
  .object({
    id: z.string(),
    lead: z.object({ id: z.string(), name: z.string(), company: z.string().nullable() }),
    /** Null: the default "Follow up". */
    title: z.string().nullable(),
    note: z.string().nullable(),
    dueAt: timestamp(),
    assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
    done: z.boolean(),
    doneAt: timestamp().nullable(),
    createdAt: timestamp(),
    /** Whether the caller may change it (the dashboard hides what it may not do). */
    canEdit: z.boolean(),
  })
  .openapi('Task');

export const TaskListSchema = z
  .object({ items: z.array(TaskSchema), nextCursor: z.string().nullable() })
  .openapi('TaskList');

/** The nav's count: the caller's open tasks due before the end of their today. */
export const TaskSummarySchema = z
  .object({ overdue: z.number().int(), today: z.number().int(), timeZone: z.string() })
  .openapi('TaskSummary');

export type CreateTask = z.output<typeof CreateTaskSchema>;
export type UpdateTask = z.output<typeof UpdateTaskSchema>;
export type SnoozeTask = z.output<typeof SnoozeTaskSchema>;
export type TaskQuery = z.output<typeof TaskQuerySchema>;
export type Task = z.infer<typeof TaskSchema>;
export type TaskList = z.infer<typeof TaskListSchema>;
export type TaskSummary = z.infer<typeof TaskSummarySchema>;
