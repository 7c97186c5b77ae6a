import { App, Form, Input, Select } from 'antd';
import { PROBLEM_SEVERITIES, PROBLEM_SEVERITY_LABELS, type ProblemCreateBody } from '@zhengqi/contracts/problems';
import type { ProblemDetail } from '@zhengqi/contracts/projects';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../app/api-client';
import { fieldErrorsOf } from '../../app/form-errors';
import { FormModal } from '../../app/form-modal';
import { pick } from './project-messages';
import { useReferenceOptions } from '../../app/reference-lists';

type RaiseValues = Omit<ProblemCreateBody, 'projectId'>;
const FIELDS = ['category', 'severity', 'title', 'description'] as const;

/** The "raise a problem" form (问题收集) on a project; on success it opens the new problem. */
export function RaiseProblemModal({ projectId, onClose }: { projectId: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const categoryOptions = useReferenceOptions('problem_category');
  const [form] = Form.useForm<RaiseValues>();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (v: RaiseValues) => api<ProblemDetail>('POST', '/api/v1/problems', { ...v, projectId }),
    onSuccess: async (p) => {
      void message.success(t('projects.raise.done'));
      await qc.invalidateQueries({ queryKey: ['problems'] });
      await navigate(`/problems/${p.id}`);
    },
    onError: (err) => form.setFields(fieldErrorsOf(err, FIELDS)),
  });
  return (
    <FormModal title={t('projects.raise.title')} width={560} form={form} saving={save.isPending} error={save.error} submitTestId="raise-submit" onClose={onClose}>
      <Form<RaiseValues> form={form} layout="vertical" initialValues={{ severity: 'general' }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="category" label={t('projects.raise.category')} rules={[{ required: true }]}>
          <Select options={categoryOptions} data-testid="raise-category" />
        </Form.Item>
        <Form.Item name="severity" label={t('projects.raise.severity')} rules={[{ required: true }]}>
          <Select options={PROBLEM_SEVERITIES.map((s) => ({ value: s, label: pick(PROBLEM_SEVERITY_LABELS[s], en) }))} data-testid="raise-severity" />
        </Form.Item>
        <Form.Item name="title" label={t('projects.raise.problemTitle')} rules={[{ required: true, min: 2, max: 100 }]}>
          <Input maxLength={100} data-testid="raise-title" />
        </Form.Item>
        <Form.Item name="description" label={t('projects.raise.description')} rules={[{ required: true, max: 2000 }]}>
          <Input.TextArea rows={4} maxLength={2000} data-testid="raise-description" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
