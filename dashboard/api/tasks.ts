import type {
  CreateTask,
  SnoozeTask,
  Task,
  TaskBucket,
  TaskList,
  TaskSummary,
  UpdateTask,
} from '@contract/tasks';
import type { ApiResult, Call, TypedClient } from './call';

/** The calls of tasks: my list by bucket and its counts, a lead's tasks, and changing or deleting one. */
export type TasksApi = {
  mine(bucket: TaskBucket, cursor?: string | null): Promise<ApiResult<TaskList>>;
  summary(): Promise<ApiResult<TaskSummary>>;
  forLead(leadId: string): Promise<ApiResult<{ items: Task[] }>>;
  create(leadId: string, input: CreateTask): Promise<ApiResult<Task>>;
  setDone(id: string, done: boolean): Promise<ApiResult<Task>>;
  snooze(id: string, input: SnoozeTask): Promise<ApiResult<Task>>;
  update(id: string, input: UpdateTask): Promise<ApiResult<Task>>;
  remove(id: string): Promise<ApiResult<null>>;
};

export function taskCalls(client: TypedClient, call: Call): TasksApi {
  const tasks = client.api.tasks;
  const one = (id: string) => ({ param: { id } });
  return {
    mine: (bucket, cursor) =>
      call(() =>
        tasks.$get({ query: { scope: 'mine', bucket, limit: '200', ...(cursor ? { cursor } : {}) } }),
      ),
    summary: () => call(() => tasks.summary.$get()),
    forLead: (leadId) => call(() => client.api.leads[':id'].tasks.$get(one(leadId))),
    create: (leadId, json) => call(() => client.api.leads[':id'].tasks.$post({ ...one(leadId), json })),
    setDone: (id, done) =>
      call(() => (done ? tasks[':id'].done.$post(one(id)) : tasks[':id'].done.$delete(one(id)))),
    snooze: (id, json) => call(() => tasks[':id'].snooze.$post({ ...one(id), json })),
    update: (id, json) => call(() => tasks[':id'].$patch({ ...one(id), json })),
    remove: (id) => call(() => tasks[':id'].$delete(one(id)), { read: 'none' }),
  };
}
