import { createRoute, z } from '@hono/zod-openapi';
import { LeadIdParamSchema } from '../contract/leads';
import { problemResponses } from '../contract/problem';
import {
  CreateTaskSchema,
  SnoozeTaskSchema,
  TaskListSchema,
  TaskParamSchema,
  TaskQuerySchema,
  TaskSchema,
  TaskSummarySchema,
  UpdateTaskSchema,
} from '../contract/tasks';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { listMyTasks, myTaskSummary } from '../services/tasks/my-tasks';
import {
  createTask,
  deleteTask,
  listLeadTasks,
  setTaskDone,
  snoozeTask,
  updateTask,
} from '../services/tasks/tasks';

const body = <S extends z.ZodType>(schema: S) => ({
  body: { required: true as const, content: json(schema) },
});
const one = { description: 'The task after the change', content: json(TaskSchema) };

/**
 * Tasks: everyone reads a lead's tasks and their own list; members work tasks on the leads they may change
 * and the tasks assigned to them; admins and owners work all. Every route is scoped to the caller's org.
 */
export function taskRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads/{id}/tasks',
        tags: ['tasks'],
        summary: 'A lead’s tasks: open ones by due time, then done ones',
        middleware: secured(deps),
        request: { params: LeadIdParamSchema },
        responses: {
          200: { description: 'Tasks', content: json(z.object({ items: z.array(TaskSchema) })) },
          ...problemResponses(401, 404, 429),
        },
      }),
      async (c) => c.json(await listLeadTasks(c.get('db'), c.get('auth'), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads/{id}/tasks',
        tags: ['tasks'],
        summary: 'Add a task (defaults: "Follow up", tomorrow 9:00 in the assignee’s zone, the lead’s owner)',
        middleware: secured(deps, 'member'),
        request: { params: LeadIdParamSchema, ...body(CreateTaskSchema) },
        responses: {
          201: { description: 'Added', content: json(TaskSchema) },
          ...problemResponses(401, 403, 404, 409, 415, 422, 429),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await createTask(deps, c.get('db'), c.get('auth'), id, c.req.valid('json')), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/tasks',
        tags: ['tasks'],
        summary: 'My open tasks in one bucket (overdue, today in my time zone, upcoming), by due time',
        middleware: secured(deps),
        request: { query: TaskQuerySchema },
        responses: {
          200: { description: 'A page of tasks', content: json(TaskListSchema) },
          ...problemResponses(400, 401, 403, 429),
        },
      }),
      async (c) =>
        c.json(await listMyTasks(c.get('db'), c.get('auth'), c.req.valid('query'), deps.now()), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/tasks/summary',
        tags: ['tasks'],
        summary: 'How many of my open tasks are overdue and due later today',
        middleware: secured(deps),
        responses: {
          200: { description: 'Counts', content: json(TaskSummarySchema) },
          ...problemResponses(401, 403, 429),
        },
      }),
      async (c) => c.json(await myTaskSummary(c.get('db'), c.get('auth'), deps.now()), 200),
    )
    .route('/', taskChangeRoutes(deps));
}

/** Changing one task. */
function taskChangeRoutes(deps: Deps) {
  const member = secured(deps, 'member');
  const done = (method: 'post' | 'delete', summary: string) =>
    createRoute({
      method,
      path: '/api/tasks/{id}/done',
      tags: ['tasks'],
      summary,
      middleware: member,
      request: { params: TaskParamSchema },
      responses: { 200: one, ...problemResponses(401, 403, 404, 429) },
    });
  return router()
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/tasks/{id}',
        tags: ['tasks'],
        summary: 'Edit title, note, due time or assignee (a new due time re-arms the reminder)',
        middleware: member,
        request: { params: TaskParamSchema, ...body(UpdateTaskSchema) },
        responses: { 200: one, ...problemResponses(401, 403, 404, 415, 422, 429) },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await updateTask(deps, c.get('db'), c.get('auth'), id, c.req.valid('json')), 200);
      },
    )
    .openapi(done('post', 'Mark done'), async (c) =>
      c.json(await setTaskDone(deps, c.get('db'), c.get('auth'), c.req.valid('param').id, true), 200),
    )
    .openapi(done('delete', 'Mark not done (undo)'), async (c) =>
      c.json(await setTaskDone(deps, c.get('db'), c.get('auth'), c.req.valid('param').id, false), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/tasks/{id}/snooze',
        tags: ['tasks'],
        summary: 'Move the due time: +1 hour, tomorrow 9:00, next Monday 9:00, or a chosen time',
        middleware: member,
        request: { params: TaskParamSchema, ...body(SnoozeTaskSchema) },
        responses: { 200: one, ...problemResponses(401, 403, 404, 415, 422, 429) },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await snoozeTask(deps, c.get('db'), c.get('auth'), id, c.req.valid('json')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/tasks/{id}',
        tags: ['tasks'],
        summary: 'Delete a task (its event keeps what it was)',
        middleware: member,
        request: { params: TaskParamSchema },
        responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404, 429) },
      }),
      async (c) => {
        await deleteTask(deps, c.get('db'), c.get('auth'), c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
}
