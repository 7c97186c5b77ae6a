import { PlusOutlined, SearchOutlined, UploadOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Me } from '@zhengqi/contracts/auth';
import {
  ENTITY_KINDS, ENTITY_KIND_LABELS, ENTITY_TAGS, INDUSTRY_SECTIONS, SIZE_CLASSES, SIZE_CLASS_LABELS,
  type EntitySummary, type EntityTag,
} from '@zhengqi/contracts/entities';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { qs } from '../../app/api-client';
import { ExportButton } from '../../app/export-button';
import { QueryState, downloadFromServer, usePagedList } from '../../app/list-kit';
import { PageHeader } from '../../app/list-page';
import { RegionFilter, regionLabel, useJurisdictionRegions } from '../../app/region-select';
import { can } from '../../app/session';
import { pick } from './entity-messages';

type EntityFilters = { q?: string; region?: string; kind?: EntitySummary['kind']; size?: EntitySummary['sizeClass']; tag?: EntityTag };

/** The market-entity list (市场主体): search, filters, server paging, export; a row opens the detail. */
export function EntityListPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const navigate = useNavigate();
  const { regions } = useJurisdictionRegions(me);
  const list = usePagedList<EntitySummary, EntityFilters>('entities', '/api/v1/entities', {});
  const [q, setQ] = useState('');
  const f = list.filters;

  const regionName = (code: string, fallback: string) => {
    const r = regions.find((x) => x.code === code);
    return r === undefined ? fallback : regionLabel(r, en);
  };
  const setFilter = (patch: Partial<EntityFilters>) => list.setFilters({ ...f, ...patch });
  const search = () => setFilter({ q: q.trim() === '' ? undefined : q.trim() });
  const reset = () => {
    setQ('');
    list.setFilters({});
  };
  const exportXlsx = () => downloadFromServer(`/api/v1/entities/export.xlsx${qs({ ...f, locale: en ? 'en' : 'zh-CN' })}`, en ? 'market-entities.xlsx' : '市场主体.xlsx');

  const columns: ColumnsType<EntitySummary> = [
    {
      title: t('entities.fields.uscc'),
      dataIndex: 'uscc',
      width: 190,
      render: (v: string, r) => (
        <Space size={4}>
          <span style={{ fontFamily: 'monospace' }}>{v}</span>
          {r.usccCheckOverridden && (
            <Tooltip title={t('entities.detail.overridden')}>
              <WarningOutlined style={{ color: '#faad14' }} aria-label={t('entities.detail.overridden')} />
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: t('entities.fields.name'),
      dataIndex: 'name',
      ellipsis: true,
      width: 220,
      // A real link too, so the detail opens from the keyboard and in a new tab.
      render: (v: string, r) => <Link to={`/entities/${r.id}`} onClick={(e) => e.stopPropagation()}>{v}</Link>,
    },
    { title: t('entities.fields.kind'), dataIndex: 'kind', width: 120, render: (v: EntitySummary['kind']) => pick(ENTITY_KIND_LABELS[v], en) },
    { title: t('entities.fields.regionCode'), dataIndex: 'regionCode', width: 130, render: (v: string, r) => regionName(v, r.regionName) },
    {
      title: t('entities.fields.industrySection'),
      dataIndex: 'industrySection',
      width: 180,
      ellipsis: true,
      render: (v: EntitySummary['industrySection']) => `${v} ${pick(INDUSTRY_SECTIONS[v], en)}`,
    },
    { title: t('entities.fields.sizeClass'), dataIndex: 'sizeClass', width: 80, render: (v: EntitySummary['sizeClass']) => pick(SIZE_CLASS_LABELS[v], en) },
    {
      title: t('entities.fields.tags'),
      dataIndex: 'tags',
      width: 200,
      render: (tags: EntityTag[]) => (
        <Space size={[0, 4]} wrap>
          {tags.map((tag) => (
            <Tag key={tag} color="blue">{pick(ENTITY_TAGS[tag], en)}</Tag>
          ))}
        </Space>
      ),
    },
    { title: t('entities.fields.foundedOn'), dataIndex: 'foundedOn', width: 110 },
    { title: t('entities.fields.latestHeadcount'), dataIndex: 'latestHeadcount', width: 110, align: 'right', render: (v: number | null) => (v === null ? '—' : v) },
  ];

  const items = list.query.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('entities.title')}>
        {can(me, 'entity.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/entities/new')} data-testid="entity-create">
            {t('common.create')}
          </Button>
        )}
        {can(me, 'entity.import') && (
          <Button icon={<UploadOutlined />} onClick={() => void navigate('/entities/import')} data-testid="entity-import">
            {t('entities.import')}
          </Button>
        )}
        <ExportButton onExport={exportXlsx} testId="entity-export" />
      </PageHeader>

      <Space wrap style={{ marginBottom: 12 }}>
        <Space.Compact>
          <Input
            allowClear
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onPressEnter={search}
            placeholder={t('entities.searchPlaceholder')}
            aria-label={t('entities.searchPlaceholder')}
            style={{ width: 260 }}
            data-testid="entity-search"
          />
          <Button type="primary" icon={<SearchOutlined />} onClick={search} data-testid="entity-search-submit">
            {t('common.search')}
          </Button>
        </Space.Compact>
        <RegionFilter regions={regions} value={f.region} onChange={(v) => setFilter({ region: v })} placeholder={t('entities.filter.region')} testId="entity-filter-region" />
        <Select
          allowClear
          placeholder={t('entities.filter.kind')}
          aria-label={t('entities.filter.kind')}
          value={f.kind}
          onChange={(v: EntitySummary['kind'] | undefined) => setFilter({ kind: v })}
          options={ENTITY_KINDS.map((k) => ({ value: k, label: pick(ENTITY_KIND_LABELS[k], en) }))}
          style={{ width: 150 }}
          popupMatchSelectWidth={false}
          data-testid="entity-filter-kind"
        />
        <Select
          allowClear
          placeholder={t('entities.filter.size')}
          aria-label={t('entities.filter.size')}
          value={f.size}
          onChange={(v: EntitySummary['sizeClass'] | undefined) => setFilter({ size: v })}
          options={SIZE_CLASSES.map((s) => ({ value: s, label: pick(SIZE_CLASS_LABELS[s], en) }))}
          style={{ width: 110 }}
          data-testid="entity-filter-size"
        />
        <Select
          allowClear
          placeholder={t('entities.filter.tag')}
          aria-label={t('entities.filter.tag')}
          value={f.tag}
          onChange={(v: EntityTag | undefined) => setFilter({ tag: v })}
          options={(Object.keys(ENTITY_TAGS) as EntityTag[]).map((k) => ({ value: k, label: pick(ENTITY_TAGS[k], en) }))}
          style={{ width: 170 }}
          popupMatchSelectWidth={false}
          data-testid="entity-filter-tag"
        />
        <Button onClick={reset}>{t('common.reset')}</Button>
      </Space>

      <QueryState query={list.query} isEmpty={items.length === 0 && !list.query.isFetching}>
        <div data-testid="entity-table">
          <Table<EntitySummary>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={items}
            loading={list.query.isFetching}
            pagination={{ ...list.pagination, showTotal: (total) => t('common.total', { total }) }}
            scroll={{ x: 1300 }}
            onRow={(r) => ({
              onClick: () => void navigate(`/entities/${r.id}`),
              style: { cursor: 'pointer' },
            })}
          />
        </div>
      </QueryState>
    </>
  );
}
