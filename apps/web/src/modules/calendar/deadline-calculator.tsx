import { Alert, Button, Card, Col, DatePicker, Form, InputNumber, Row, Space, Tag, Typography } from 'antd';
import type { Deadline } from '@zhengqi/contracts/calendar';
import { useMutation } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../app/api-client';
import { fieldErrorsOf } from '../../app/form-errors';
import { ErrorBanner } from '../../app/list-kit';
import { weekdayName } from './calendar-dates';

type DeadlineForm = { from: Dayjs | null; workdays: number | null };

/** The deadline calculator: a start date plus N working days, counted by the server on the Shanghai calendar. */
export function DeadlineCard({ today, onShow }: { today: string; onShow: (date: string) => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [form] = Form.useForm<DeadlineForm>();
  const [error, setError] = useState<unknown>(null);
  const calc = useMutation({
    mutationFn: (v: { from: string; workdays: number }) => api<Deadline>('GET', `/api/v1/calendar/deadline${qs(v)}`),
  });

  const submit = async (v: DeadlineForm) => {
    if (v.from === null || v.workdays === null) {
      return;
    }
    setError(null);
    try {
      await calc.mutateAsync({ from: v.from.format('YYYY-MM-DD'), workdays: v.workdays });
    } catch (err) {
      const fields = fieldErrorsOf(err, ['from', 'workdays'] as const);
      if (fields.length > 0) {
        form.setFields(fields);
      } else {
        setError(err);
      }
    }
  };

  const r = calc.data;
  return (
    <Card size="small" title={t('calendar.deadline.title')}>
      <Form<DeadlineForm>
        form={form}
        layout="vertical"
        size="small"
        requiredMark={false}
        initialValues={{ from: dayjs(today), workdays: 20 }}
        onFinish={(v) => void submit(v)}
      >
        <Row gutter={8} align="bottom">
          <Col flex="1 1 140px">
            <Form.Item name="from" label={t('calendar.deadline.from')} rules={[{ required: true, message: t('calendar.overrides.dateRequired') }]} style={{ marginBottom: 8 }}>
              <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" data-testid="deadline-from" />
            </Form.Item>
          </Col>
          <Col flex="1 1 100px">
            <Form.Item name="workdays" label={t('calendar.deadline.days')} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
              <InputNumber min={0} max={3650} precision={0} style={{ width: '100%' }} data-testid="deadline-days" />
            </Form.Item>
          </Col>
          <Col flex="none">
            <Form.Item style={{ marginBottom: 8 }}>
              <Button type="primary" htmlType="submit" loading={calc.isPending} data-testid="deadline-submit">
                {t('calendar.deadline.submit')}
              </Button>
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('calendar.deadline.rule')}</Typography.Text>
      <ErrorBanner error={error} />
      {r !== undefined && (
        <div data-testid="deadline-result" data-deadline={r.deadline} data-provisional={r.provisional ? 'true' : 'false'} style={{ marginTop: 8 }}>
          <Space wrap size="small">
            <Typography.Text strong style={{ fontSize: 16 }}>
              {t('calendar.deadline.result', { date: r.deadline, weekday: weekdayName(r.deadline, en) })}
            </Typography.Text>
            {r.provisional && <Tag color="orange">{t('calendar.deadline.provisional')}</Tag>}
            <Button type="link" size="small" onClick={() => onShow(r.deadline)}>{t('calendar.deadline.show')}</Button>
          </Space>
          {r.provisional && (
            <Alert type="warning" showIcon style={{ marginTop: 4 }} title={(en ? (r.reasonEn ?? r.reason) : (r.reason ?? r.reasonEn)) ?? t('calendar.deadline.provisional')} />
          )}
        </div>
      )}
    </Card>
  );
}
