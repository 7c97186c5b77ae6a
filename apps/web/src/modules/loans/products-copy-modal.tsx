import { App, Form, Input } from 'antd';
import type { LoanProductVersion } from '@zhengqi/contracts/loans';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../app/form-modal';
import { IsoDateInput } from './loan-inputs';
import { putBodyOf, putProduct } from './products-api';

type CopyForm = { version: string; effectiveFrom: string; nameZh: string; nameEn: string; policyBasis: string };

/** A version name not yet taken: today's year, counting up past the names already used. */
function suggestVersion(taken: readonly string[], today: string): string {
  let year = Number(today.slice(0, 4));
  while (taken.includes(String(year))) {
    year++;
  }
  return String(year);
}

/**
 * "New version from this one": the source's terms and decisions copied into a new draft under a
 * new version name and effective date (open-ended until it is published and superseded).
 */
export function CopyVersionModal({ source, taken, today, onClose, onCreated }: {
  source: LoanProductVersion;
  /** The versions the product already has: a PUT to one of them would change it instead. */
  taken: readonly string[];
  today: string;
  onClose: () => void;
  onCreated: (version: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<CopyForm>();
  const create = useMutation({
    mutationFn: (v: CopyForm) => putProduct(source.productCode, v.version, {
      ...putBodyOf(source),
      name: { zh: v.nameZh, en: v.nameEn },
      policyBasis: v.policyBasis,
      effectiveFrom: v.effectiveFrom,
      effectiveTo: null,
    }),
  });
  const suggested = suggestVersion(taken, today);
  // A name that says its version ("…（2025）") is offered with the new one; a short version name could match anything.
  const renamed = (name: string) => (source.version.length >= 4 ? name.split(source.version).join(suggested) : name);
  const submit = async (v: CopyForm) => {
    const version = v.version.trim();
    await create.mutateAsync({ ...v, version });
    await qc.invalidateQueries({ queryKey: ['loan-products'] });
    void message.success(t('loanProducts.copy.done', { version }));
    onCreated(version);
  };
  return (
    <FormModal
      title={t('loanProducts.copy.title', { version: source.version })}
      width={560}
      form={form}
      saving={create.isPending}
      error={create.error}
      submitTestId="copy-submit"
      onClose={onClose}
    >
      <Form<CopyForm>
        form={form}
        layout="vertical"
        initialValues={{ version: suggested, effectiveFrom: today, nameZh: renamed(source.name.zh), nameEn: renamed(source.name.en), policyBasis: source.policyBasis }}
        onFinish={(v) => void submit(v).catch(() => undefined)}
      >
        <Form.Item
          name="version"
          label={t('loanProducts.copy.version')}
          extra={t('loanProducts.copy.versionHint')}
          rules={[
            { required: true, whitespace: true },
            { pattern: /^[^/\s][^/]{0,15}$/, message: t('loanProducts.copy.versionFormat') },
            { validator: async (_, v: string | undefined) => (taken.includes((v ?? '').trim()) ? Promise.reject(new Error(t('loanProducts.copy.versionTaken'))) : undefined) },
          ]}
        >
          <Input maxLength={16} data-testid="copy-version" />
        </Form.Item>
        <Form.Item name="effectiveFrom" label={t('loanProducts.copy.effectiveFrom')} rules={[{ required: true }]}>
          <IsoDateInput testId="copy-effective-from" />
        </Form.Item>
        <Form.Item name="nameZh" label={t('loanProducts.copy.nameZh')} rules={[{ required: true, whitespace: true }]}><Input data-testid="copy-name-zh" /></Form.Item>
        <Form.Item name="nameEn" label={t('loanProducts.copy.nameEn')} rules={[{ required: true, whitespace: true }]}><Input data-testid="copy-name-en" /></Form.Item>
        <Form.Item name="policyBasis" label={t('loanProducts.copy.policyBasis')} rules={[{ required: true, whitespace: true }]}><Input data-testid="copy-policy-basis" /></Form.Item>
      </Form>
    </FormModal>
  );
}
