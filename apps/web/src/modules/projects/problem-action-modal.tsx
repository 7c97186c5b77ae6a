import { Alert, Button, Form, Input, InputNumber, Radio, Select } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import type { UserPageSchema } from '@zhengqi/contracts/admin';
import { EXTENSION_MAX_WORKDAYS, PROBLEM_ACTION_LABELS, PROBLEM_ACTION_PATHS, type ProblemAction } from '@zhengqi/contracts/problems';
import type { ProblemDetail } from '@zhengqi/contracts/projects';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ApiError, api, qs } from '../../app/api-client';
import { fieldErrorsOf } from '../../app/form-errors';
import { FormModal } from '../../app/form-modal';
import { can } from '../../app/session';
import { OrganizationSelect } from '../admin/organization-select';
import { pick } from './project-messages';

type ActionValues = {
  unitId?: string;
  handlerId?: string;
  reason?: string;
  workdays?: number;
  approved?: boolean;
  satisfied?: boolean;
  note?: string;
  result?: string;
};
const FIELDS = ['unitId', 'handlerId', 'reason', 'workdays', 'approved', 'satisfied', 'note', 'result'] as const;
type User = z.infer<typeof UserPageSchema>['items'][number];

/** The handler picker: the users of the chosen unit when the caller may read users. */
function HandlerSelect({ unitId, value, onChange }: { unitId: string | undefined; value?: string; onChange?: (v: string) => void }) {
  const users = useQuery({
    queryKey: ['users', 'for-assignment'],
    queryFn: () => api<z.infer<typeof UserPageSchema>>('GET', `/api/v1/users${qs({ page: 1, pageSize: 200 })}`),
    staleTime: 60_000,
  });
  const options = (users.data?.items ?? [])
    .filter((u: User) => !u.disabled && (unitId === undefined || u.organizationId === unitId))
    .map((u: User) => ({ value: u.id, label: `${u.displayName} (${u.username})` }));
  return <Select value={value} onChange={(v: string) => onChange?.(v)} options={options} loading={users.isLoading} showSearch={{ optionFilterProp: 'label' }} data-testid="action-handler" />;
}

const REASON_RULES = [{ required: true, min: 2, max: 500 }];
const TEXT_RULES = [{ required: true, max: 2000 }];

/**
 * The small form of one problem action, sent with the version the page shows. A 409 means someone
 * else acted first: the form says so and offers to reload instead of retrying blindly.
 */
export function ProblemActionModal({ me, problem, action, onClose, onDone, onReload }: {
  me: Me;
  problem: ProblemDetail;
  action: ProblemAction;
  onClose: () => void;
  onDone: (p: ProblemDetail) => void;
  onReload: () => void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [form] = Form.useForm<ActionValues>();
  const unitId = Form.useWatch('unitId', form);
  const satisfied = Form.useWatch('satisfied', form);
  const send = useMutation({
    mutationFn: (v: ActionValues) => api<ProblemDetail>('POST', `/api/v1/problems/${encodeURIComponent(problem.id)}/${PROBLEM_ACTION_PATHS[action]}`, { ...v, version: problem.version }),
    onSuccess: onDone,
    onError: (err) => form.setFields(fieldErrorsOf(err, FIELDS)),
  });
  const conflict = send.error instanceof ApiError && send.error.status === 409;

  const fields = (() => {
    switch (action) {
      case 'assign':
      case 'reassign':
        return (
          <>
            <Form.Item name="unitId" label={t('projects.action.unit')} rules={[{ required: true }]} extra={can(me, 'org.read') ? undefined : t('projects.action.idHint')}>
              {can(me, 'org.read') ? <OrganizationSelect testId="action-unit" /> : <Input data-testid="action-unit" />}
            </Form.Item>
            <Form.Item name="handlerId" label={t('projects.action.handler')} rules={[{ required: true }]} extra={can(me, 'user.read') ? undefined : t('projects.action.idHint')}>
              {can(me, 'user.read') ? <HandlerSelect unitId={unitId} /> : <Input placeholder={t('projects.action.handlerId')} data-testid="action-handler" />}
            </Form.Item>
            {action === 'reassign' && (
              <Form.Item name="reason" label={t('projects.action.reason')} rules={[{ min: 2, max: 500 }]}>
                <Input.TextArea rows={2} data-testid="action-reason" />
              </Form.Item>
            )}
          </>
        );
      case 'accept':
        return null;
      case 'return':
      case 'reject':
        return (
          <Form.Item name="reason" label={t('projects.action.reason')} rules={REASON_RULES}>
            <Input.TextArea rows={3} data-testid="action-reason" />
          </Form.Item>
        );
      case 'request_extension':
        return (
          <>
            <Form.Item name="workdays" label={t('projects.action.workdays')} rules={[{ required: true }]}>
              <InputNumber min={1} max={EXTENSION_MAX_WORKDAYS} precision={0} data-testid="action-workdays" />
            </Form.Item>
            <Form.Item name="reason" label={t('projects.action.reason')} rules={REASON_RULES}>
              <Input.TextArea rows={3} data-testid="action-reason" />
            </Form.Item>
          </>
        );
      case 'decide_extension':
        return (
          <>
            <Form.Item name="approved" label={t('projects.action.approved')} rules={[{ required: true }]}>
              <Radio.Group data-testid="action-approved" options={[{ value: true, label: t('projects.action.approve') }, { value: false, label: t('projects.action.refuse') }]} />
            </Form.Item>
            <Form.Item name="reason" label={t('projects.action.reason')} rules={[{ min: 2, max: 500 }]}>
              <Input.TextArea rows={2} data-testid="action-reason" />
            </Form.Item>
          </>
        );
      case 'record_progress':
      case 'close':
        return (
          <Form.Item name="note" label={t('projects.action.note')} rules={TEXT_RULES}>
            <Input.TextArea rows={3} data-testid="action-note" />
          </Form.Item>
        );
      case 'feedback':
        return (
          <Form.Item name="result" label={t('projects.action.result')} rules={TEXT_RULES}>
            <Input.TextArea rows={4} data-testid="action-result" />
          </Form.Item>
        );
      case 'confirm':
        return (
          <>
            <Form.Item name="satisfied" label={t('projects.action.satisfied')} rules={[{ required: true }]}>
              <Radio.Group
                data-testid="action-satisfied"
                options={[
                  { value: true, label: <span data-testid="action-satisfied-yes">{t('projects.action.satisfiedYes')}</span> },
                  { value: false, label: <span data-testid="action-satisfied-no">{t('projects.action.satisfiedNo')}</span> },
                ]}
              />
            </Form.Item>
            {satisfied === false && (
              <Form.Item name="reason" label={t('projects.action.reason')} rules={REASON_RULES}>
                <Input.TextArea rows={3} data-testid="action-reason" />
              </Form.Item>
            )}
          </>
        );
    }
  })();

  return (
    <FormModal
      title={`${pick(PROBLEM_ACTION_LABELS[action], en)} · ${problem.number}`}
      width={520}
      form={form}
      saving={send.isPending}
      error={conflict ? null : send.error}
      submitTestId="action-submit"
      onClose={onClose}
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          title={t('projects.action.conflict')}
          action={<Button size="small" onClick={onReload} data-testid="action-reload">{t('projects.action.reload')}</Button>}
          style={{ marginBottom: 12 }}
          data-testid="action-conflict"
        />
      )}
      <Form<ActionValues> form={form} layout="vertical" onFinish={(v) => send.mutate(v)}>
        {fields}
      </Form>
    </FormModal>
  );
}
