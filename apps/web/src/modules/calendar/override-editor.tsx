import { App, Button, DatePicker, Form, Input, Modal, Radio, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../app/api-client';
import { fieldErrorsOf } from '../../app/form-errors';
import { ErrorBanner } from '../../app/list-kit';
import type { Override } from './overrides-card';

type OverrideKind = Override['kind'];

/** The day an editor opens on: a new override (date null: to be picked) or an existing one (date fixed). */
export type EditTarget = { date: string | null; existing: boolean; kind: OverrideKind; name: string };

type EditorForm = { date: Dayjs | null; kind: OverrideKind; name: string; reason: string };

// Every change to the calendar is audited with its reason, so saving and removing ask for it alike.
function ReasonItem({ testId }: { testId: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="reason"
      label={t('calendar.overrides.reason')}
      rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t('calendar.overrides.reasonRequired') }]}
    >
      <Input.TextArea rows={3} maxLength={500} placeholder={t('calendar.overrides.reasonPlaceholder')} data-testid={testId} />
    </Form.Item>
  );
}

// An override changes the days, the override list and possibly a year's status: refetch all three.
function useOverrideRefresh() {
  const qc = useQueryClient();
  return async () => {
    await Promise.all([
      qc.invalidateQueries({ queryKey: ['calendar-days'] }),
      qc.invalidateQueries({ queryKey: ['calendar-overrides'] }),
      qc.invalidateQueries({ queryKey: ['calendar-status'] }),
    ]);
  };
}

/** The dialog that adds or changes an override: date, holiday or working day, name, and the reason. */
export function OverrideEditor({ target, onClose, onRemove }: { target: EditTarget; onClose: () => void; onRemove: (date: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditorForm>();
  const [error, setError] = useState<unknown>(null);
  const refresh = useOverrideRefresh();
  const save = useMutation({
    mutationFn: (v: { date: string; kind: OverrideKind; name: string | null; reason: string }) =>
      api<{ ok: true }>('PUT', `/api/v1/calendar/overrides/${v.date}`, { kind: v.kind, name: v.name, reason: v.reason }),
  });

  const submit = async (v: EditorForm) => {
    if (v.date === null) {
      return;
    }
    setError(null);
    try {
      const name = v.name.trim();
      await save.mutateAsync({ date: v.date.format('YYYY-MM-DD'), kind: v.kind, name: name === '' ? null : name, reason: v.reason.trim() });
      await refresh();
      void message.success(t('calendar.overrides.saved'));
      onClose();
    } catch (err) {
      const fields = fieldErrorsOf(err, ['date', 'kind', 'name', 'reason'] as const);
      if (fields.length > 0) {
        form.setFields(fields);
      } else {
        setError(err);
      }
    }
  };

  const title = target.date === null ? t('calendar.overrides.addTitle') : t('calendar.overrides.editTitle', { date: target.date });
  const existingDate = target.existing ? target.date : null;
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Space>
          {existingDate !== null && (
            <Button danger onClick={() => onRemove(existingDate)} data-testid="override-editor-remove">{t('calendar.overrides.removeThis')}</Button>
          )}
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="override-submit">{t('common.save')}</Button>
        </Space>
      }
    >
      <ErrorBanner error={error} />
      <Form<EditorForm>
        form={form}
        layout="vertical"
        initialValues={{ date: target.date === null ? null : dayjs(target.date), kind: target.kind, name: target.name, reason: '' }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="date" label={t('calendar.overrides.date')} rules={[{ required: true, message: t('calendar.overrides.dateRequired') }]}>
          <DatePicker format="YYYY-MM-DD" disabled={target.existing} style={{ width: 180 }} data-testid="override-date" />
        </Form.Item>
        <Form.Item name="kind" label={t('calendar.overrides.kind')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="override-kind">
            <Radio.Button value="holiday">
              <span data-testid="override-kind-holiday">{t('calendar.overrides.kindHoliday')}</span>
            </Radio.Button>
            <Radio.Button value="working">
              <span data-testid="override-kind-working">{t('calendar.overrides.kindWorking')}</span>
            </Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="name" label={t('calendar.overrides.name')} rules={[{ max: 50 }]}>
          <Input maxLength={50} placeholder={t('calendar.overrides.namePlaceholder')} data-testid="override-name" />
        </Form.Item>
        <ReasonItem testId="override-reason" />
      </Form>
    </Modal>
  );
}

/** The dialog that removes an override (with a reason); the day reverts to the arrangement or the derived calendar. */
export function RemoveOverride({ date, onClose }: { date: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<unknown>(null);
  const refresh = useOverrideRefresh();
  const remove = useMutation({
    mutationFn: (reason: string) => api<{ ok: true }>('DELETE', `/api/v1/calendar/overrides/${date}${qs({ reason })}`),
  });

  const submit = async (v: { reason: string }) => {
    setError(null);
    try {
      await remove.mutateAsync(v.reason.trim());
      await refresh();
      void message.success(t('calendar.overrides.removed'));
      onClose();
    } catch (err) {
      const fields = fieldErrorsOf(err, ['reason'] as const);
      if (fields.length > 0) {
        form.setFields(fields);
      } else {
        setError(err);
      }
    }
  };

  return (
    <Modal
      open
      title={t('calendar.overrides.removeTitle', { date })}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" danger loading={remove.isPending} onClick={() => form.submit()} data-testid="override-remove-confirm">
            {t('calendar.overrides.remove')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('calendar.overrides.removeHint')}</Typography.Paragraph>
      <ErrorBanner error={error} />
      <Form<{ reason: string }> form={form} layout="vertical" initialValues={{ reason: '' }} onFinish={(v) => void submit(v)}>
        <ReasonItem testId="override-remove-reason" />
      </Form>
    </Modal>
  );
}
