import { Alert, App, Button, Card, Form, Space, Spin, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Me } from '@zhengqi/contracts/auth';
import type { JdmGraph, LoanProductVersion } from '@zhengqi/contracts/loans';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Suspense, lazy, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorBanner, QueryState } from '../../app/list-kit';
import { formatShanghai, todayShanghai } from '../../app/shanghai-time';
import { pick } from './loan-format';
import {
  publishProduct, putBodyOf, putProduct, stableKey, testedKey, useProductDetail, useProductList, type DecisionKey, type ProductDetail, type ProductSummary,
} from './products-api';
import { CopyVersionModal } from './products-copy-modal';
import './products-messages';
import { TermsEditor, TermsView, applyTermsForm, type TermsForm } from './products-terms';
import { ProductTestPanel, defaultTestDate } from './products-test-panel';

// The JDM editor (with its own antd 5 and Monaco) is its own chunk, fetched when a decision tab opens.
const DecisionEditor = lazy(async () => ({ default: (await import('./decision-editor')).DecisionEditor }));

type Selected = { code: string; version: string };

function StatusTag({ status }: { status: ProductSummary['status'] }) {
  const { t } = useTranslation();
  return <Tag color={status === 'published' ? 'green' : 'orange'} data-testid="product-status">{t(`loanProducts.status.${status}`)}</Tag>;
}

/** Loan products: the versions, one version's terms and decisions (editable while a draft), the test panel, publishing. */
export function LoanProductsPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { modal } = App.useApp();
  const [params, setParams] = useSearchParams();
  const list = useProductList();
  const [dirty, setDirty] = useState(false);
  const code = params.get('code');
  const version = params.get('version');
  const selected: Selected | null = code !== null && version !== null ? { code, version } : null;

  const select = (next: Selected) => {
    const go = () => {
      setDirty(false);
      setParams({ code: next.code, version: next.version });
    };
    if (dirty && (next.code !== code || next.version !== version)) {
      modal.confirm({ title: t('loanProducts.actions.unsaved'), content: t('loanProducts.actions.switchConfirm'), onOk: go });
    } else {
      go();
    }
  };

  const columns: ColumnsType<ProductSummary> = [
    { title: t('loanProducts.columns.product'), key: 'name', render: (_: unknown, p) => pick(p.name, en) },
    { title: t('loanProducts.columns.code'), dataIndex: 'productCode', width: 170 },
    { title: t('loanProducts.columns.version'), dataIndex: 'version', width: 90 },
    { title: t('loanProducts.columns.status'), key: 'status', width: 90, render: (_: unknown, p) => <StatusTag status={p.status} /> },
    { title: t('loanProducts.columns.effective'), key: 'effective', width: 230, render: (_: unknown, p) => `${p.effectiveFrom} – ${p.effectiveTo ?? t('loanProducts.openEnded')}` },
    { title: t('loanProducts.columns.publishedAt'), key: 'publishedAt', width: 150, render: (_: unknown, p) => (p.publishedAt === null ? '—' : formatShanghai(p.publishedAt)) },
  ];
  const items = list.data?.items ?? [];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('loanProducts.title')}>
        <Typography.Paragraph type="secondary">{t('loanProducts.hint')}</Typography.Paragraph>
        <QueryState query={list} isEmpty={items.length === 0}>
          <Table<ProductSummary>
            rowKey={(p) => `${p.productCode}/${p.version}`}
            size="small"
            columns={columns}
            dataSource={items}
            pagination={false}
            scroll={{ x: 900 }}
            onRow={(p) => ({ onClick: () => select({ code: p.productCode, version: p.version }), style: { cursor: 'pointer' } })}
            rowClassName={(p) => (p.productCode === code && p.version === version ? 'ant-table-row-selected' : '')}
            data-testid="product-table"
          />
        </QueryState>
      </Card>
      {selected === null ? (
        <Alert type="info" showIcon title={t('loanProducts.pickVersion')} />
      ) : (
        <VersionPanel
          key={`${selected.code}/${selected.version}`}
          me={me}
          selected={selected}
          versions={items.filter((p) => p.productCode === selected.code).map((p) => p.version)}
          onDirty={setDirty}
          onSelect={select}
        />
      )}
    </Space>
  );
}

function graphsOf(p: LoanProductVersion): Record<DecisionKey, JdmGraph> {
  return { eligibilityDecision: p.eligibilityDecision, pricingDecision: p.pricingDecision };
}

/** Why publishing is not possible yet (null: it is). */
function publishBlock(detail: ProductDetail, dirty: boolean, lastTestKey: string | null): 'unsaved' | 'untested' | 'stale' | null {
  if (dirty) {
    return 'unsaved';
  }
  if (lastTestKey === null) {
    return 'untested';
  }
  return lastTestKey === stableKey(detail.product) ? null : 'stale';
}

function VersionPanel({ me, selected, versions, onDirty, onSelect }: {
  me: Me;
  selected: Selected;
  versions: readonly string[];
  onDirty: (dirty: boolean) => void;
  onSelect: (s: Selected) => void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const detail = useProductDetail(selected.code, selected.version);
  const [form] = Form.useForm<TermsForm>();
  // The version as edited (terms and graphs); null until the stored one has loaded.
  const [edited, setEdited] = useState<LoanProductVersion | null>(null);
  const [formNonce, setFormNonce] = useState(0);
  const [lastTestKey, setLastTestKey] = useState<string | null>(null);
  const [copying, setCopying] = useState(false);
  const [tab, setTab] = useState('terms');
  const today = todayShanghai(me.fakeNow);

  const saved = detail.data?.product ?? null;
  useEffect(() => {
    if (saved !== null && edited === null) {
      setEdited(saved);
    }
  }, [saved, edited]);
  const dirty = saved !== null && edited !== null && stableKey(edited) !== stableKey(saved);
  useEffect(() => onDirty(dirty), [dirty, onDirty]);

  const stored = (d: ProductDetail) => {
    qc.setQueryData(['loan-product', selected.code, selected.version], d);
    setEdited(d.product);
    setFormNonce((n) => n + 1);
  };
  const save = useMutation({
    mutationFn: (p: LoanProductVersion) => putProduct(selected.code, selected.version, putBodyOf(p)),
    onSuccess: async (d) => {
      stored(d);
      await qc.invalidateQueries({ queryKey: ['loan-products'] });
      void message.success(t('loanProducts.actions.saved'));
    },
  });
  const publish = useMutation({
    mutationFn: () => publishProduct(selected.code, selected.version),
    onSuccess: async (d) => {
      stored(d);
      await qc.invalidateQueries({ queryKey: ['loan-products'] });
      void message.success(t('loanProducts.actions.published', { version: selected.version }));
    },
  });

  if (detail.data === undefined || saved === null || edited === null) {
    return <Card><QueryState query={detail}><Spin /></QueryState></Card>;
  }
  const d = detail.data;
  const isDraft = d.status === 'draft';
  const graphs = graphsOf(edited);
  const termsDirty = stableKey({ ...edited, ...graphsOf(saved) }) !== stableKey(saved);
  const block = isDraft ? publishBlock(d, dirty, lastTestKey) : null;

  const onSave = async () => {
    try {
      await form.validateFields();
    } catch {
      setTab('terms');
      return;
    }
    save.mutate(edited);
  };
  const onPublish = () => {
    modal.confirm({
      title: t('loanProducts.actions.publish'),
      content: t('loanProducts.actions.publishConfirm', { version: selected.version }),
      onOk: () => publish.mutateAsync().then(() => undefined),
    });
  };
  const discard = () => {
    setEdited(saved);
    setFormNonce((n) => n + 1);
  };
  const setGraph = (key: DecisionKey) => (graph: JdmGraph) => setEdited((p) => (p === null ? p : { ...p, [key]: graph }));

  const decisionTab = (key: DecisionKey, testId: string) => (
    <>
      <Alert type={isDraft ? 'info' : 'warning'} showIcon title={isDraft ? t('loanProducts.editor.hint') : t('loanProducts.editor.readOnly')} style={{ marginBottom: 8 }} />
      <Suspense fallback={<Spin tip={t('loanProducts.editor.loading')}><div style={{ height: 560 }} /></Spin>}>
        <DecisionEditor value={edited[key]} onChange={setGraph(key)} disabled={!isDraft} testId={testId} />
      </Suspense>
    </>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span data-testid="product-title">{pick(saved.name, en)}</span>
            <Tag>{selected.version}</Tag>
            <StatusTag status={d.status} />
            {dirty && <Tag color="gold" data-testid="product-dirty">{t('loanProducts.actions.unsaved')}</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            <Button onClick={() => setCopying(true)} data-testid="product-copy">{t('loanProducts.actions.copy')}</Button>
            {isDraft && (
              <>
                <Button disabled={!dirty} onClick={discard} data-testid="product-discard">{t('loanProducts.actions.discard')}</Button>
                <Button disabled={!dirty} loading={save.isPending} onClick={() => void onSave()} data-testid="product-save">{t('loanProducts.actions.save')}</Button>
                <Tooltip title={block === null ? undefined : t(`loanProducts.publishBlocked.${block}`)}>
                  <Button type="primary" disabled={block !== null} loading={publish.isPending} onClick={onPublish} data-testid="product-publish">
                    {t('loanProducts.actions.publish')}
                  </Button>
                </Tooltip>
              </>
            )}
          </Space>
        }
        data-testid="product-version"
      >
        {isDraft && (
          <Typography.Paragraph type={block === null ? 'success' : 'secondary'} data-testid="publish-reason">
            {t(`loanProducts.publishBlocked.${block ?? 'ok'}`)}
          </Typography.Paragraph>
        )}
        <ErrorBanner error={save.error ?? publish.error} />
        <Tabs
          activeKey={tab}
          onChange={setTab}
          destroyOnHidden
          items={[
            {
              key: 'terms',
              label: <span data-testid="product-tab-terms">{t('loanProducts.tabs.terms')}</span>,
              children: isDraft
                ? <TermsEditor key={formNonce} form={form} initial={edited} onChange={(v) => setEdited((p) => (p === null ? p : applyTermsForm(p, v)))} />
                : <TermsView product={saved} />,
            },
            { key: 'eligibility', label: <span data-testid="product-tab-eligibility">{t('loanProducts.tabs.eligibility')}</span>, children: decisionTab('eligibilityDecision', 'decision-editor-eligibility') },
            { key: 'pricing', label: <span data-testid="product-tab-pricing">{t('loanProducts.tabs.pricing')}</span>, children: decisionTab('pricingDecision', 'decision-editor-pricing') },
          ]}
        />
      </Card>
      <ProductTestPanel
        code={selected.code}
        version={selected.version}
        graphs={graphs}
        currentKey={testedKey(saved, graphs)}
        termsDirty={termsDirty}
        initialDate={defaultTestDate(saved, today)}
        onRun={setLastTestKey}
      />
      {copying && (
        <CopyVersionModal
          source={saved}
          taken={versions}
          today={today}
          onClose={() => setCopying(false)}
          onCreated={(v) => {
            setCopying(false);
            onSelect({ code: selected.code, version: v });
          }}
        />
      )}
    </Space>
  );
}
