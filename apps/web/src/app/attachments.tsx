import { DeleteOutlined, FileOutlined, FilePdfOutlined, FileTextOutlined, FileWordOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Empty, Image, List, Popconfirm, Progress, Space, Typography, Upload } from 'antd';
import type { UploadFile, UploadProps } from 'antd';
import type { Problem } from '@zhengqi/contracts/common';
import { FILE_ACCEPT, FILE_KINDS, type EntityFiles, type FileMeta, type FilePurpose } from '@zhengqi/contracts/files';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from './api-client';
import './attachments-messages';
import { errorText } from './i18n';
import { useMe } from './session';
import { formatShanghai } from './shanghai-time';

/** Where a record's files live: the list URL, the upload URL of each purpose, and the query key shared by its blocks. */
export type FileSource = { queryKey: readonly unknown[]; listUrl: string; uploadUrl: (purpose: FilePurpose) => string };

const fileUrl = (id: string) => `/api/v1/files/${encodeURIComponent(id)}`;
const PHOTO_ACCEPT = [...FILE_KINDS.jpeg.extensions, ...FILE_KINDS.png.extensions].map((e) => `.${e}`).join(',');

/** 1.2 MB, 340 KB: sizes as people read them. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  }
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function isImage(mime: string): boolean {
  return mime === FILE_KINDS.jpeg.mime || mime === FILE_KINDS.png.mime;
}

function KindIcon({ mime }: { mime: string }) {
  const style = { fontSize: 28 };
  switch (mime) {
    case FILE_KINDS.pdf.mime:
      return <FilePdfOutlined style={style} />;
    case FILE_KINDS.docx.mime:
      return <FileWordOutlined style={style} />;
    case FILE_KINDS.xlsx.mime:
      return <FileExcelOutlined style={style} />;
    case FILE_KINDS.text.mime:
      return <FileTextOutlined style={style} />;
    default:
      return <FileOutlined style={style} />;
  }
}

// fetch has no upload progress; XMLHttpRequest does. Same session cookie and CSRF header as api().
function sendFile(url: string, file: File, csrfToken: string, onProgress: (percent: number) => void): Promise<FileMeta> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) {
        onProgress(Math.round((e.loaded / e.total) * 100));
      }
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        // a proxy's HTML error page: described below from the status alone
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as FileMeta);
        return;
      }
      const fallback: Problem = { type: 'about:blank', title: xhr.statusText, status: xhr.status, code: xhr.status === 413 ? 'FILE_TOO_LARGE' : 'INTERNAL', message: xhr.statusText, messageEn: xhr.statusText };
      reject(new ApiError(xhr.status, body !== null && typeof body === 'object' && 'code' in body ? (body as Problem) : fallback));
    };
    xhr.onerror = () => reject(new ApiError(0, { type: 'about:blank', title: 'network', status: 0, code: 'UNAVAILABLE', message: '网络连接失败', messageEn: 'The network request failed' }));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/**
 * The files of one purpose-group of a record: upload (with progress) for each purpose the server
 * says the caller may add now, the list with download links and image thumbnails, delete with a
 * confirmation. Blocks of one record share its list query (`source.queryKey`).
 */
export function Attachments({ source, purposes, testId }: { source: FileSource; purposes: readonly FilePurpose[]; testId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const [uploading, setUploading] = useState<UploadFile[]>([]);
  const query = useQuery({ queryKey: source.queryKey, queryFn: () => api<EntityFiles>('GET', source.listUrl) });
  const data = query.data;
  const items = (data?.items ?? []).filter((f) => purposes.includes(f.purpose));
  const total = data?.items.length ?? 0;
  const max = data?.maxFiles ?? 0;
  const maxText = sizeText(data?.maxBytes ?? 0);
  const full = data !== undefined && total >= max;
  const refresh = () => qc.invalidateQueries({ queryKey: source.queryKey });

  const remove = async (f: FileMeta) => {
    try {
      await api('DELETE', fileUrl(f.id));
      void message.success(t('files.deleted', { name: f.name }));
    } catch (err) {
      void message.error(errorText(err));
    }
    await refresh();
  };

  const uploadProps = (purpose: FilePurpose): UploadProps => ({
    accept: purpose === 'photo' ? PHOTO_ACCEPT : FILE_ACCEPT,
    multiple: true,
    showUploadList: false,
    beforeUpload: (file) => {
      if (data !== undefined && file.size > data.maxBytes) {
        void message.error(t('files.tooLarge', { name: file.name, max: maxText }));
        return Upload.LIST_IGNORE;
      }
      return true;
    },
    customRequest: ({ file }) => {
      const f = file as File & { uid: string };
      const track = (patch: Partial<UploadFile>) => setUploading((list) => list.map((u) => (u.uid === f.uid ? { ...u, ...patch } : u)));
      setUploading((list) => [...list, { uid: f.uid, name: f.name, status: 'uploading', percent: 0 }]);
      sendFile(source.uploadUrl(purpose), f, me.data?.csrfToken ?? '', (percent) => track({ percent }))
        .then((meta) => {
          void message.success(t('files.uploaded', { name: meta.name }));
        })
        .catch((err: unknown) => {
          void message.error(t('files.uploadFailed', { name: f.name, error: errorText(err) }));
        })
        .finally(() => {
          setUploading((list) => list.filter((u) => u.uid !== f.uid));
          void refresh();
        });
    },
  });

  const offered = purposes.filter((p) => data?.canUpload.includes(p) === true);
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }} data-testid={testId}>
      {offered.length > 0 && (
        <Space wrap align="center">
          {offered.map((p) => (
            <Upload key={p} {...uploadProps(p)} disabled={full}>
              <Button size="small" icon={<UploadOutlined />} disabled={full} data-testid={`${testId}-upload-${p}`}>{t(`files.upload.${p}`)}</Button>
            </Upload>
          ))}
          <Typography.Text type="secondary">
            {full ? t('files.limitReached', { max }) : `${t(offered.includes('photo') && offered.length === 1 ? 'files.photoHint' : 'files.hint', { max: maxText })} · ${t('files.limit', { count: total, max })}`}
          </Typography.Text>
        </Space>
      )}
      {uploading.map((u) => (
        <div key={u.uid}>
          <Typography.Text>{u.name}</Typography.Text>
          <Progress percent={u.percent ?? 0} size="small" status="active" />
        </div>
      ))}
      {query.error !== null && <Typography.Text type="danger">{errorText(query.error)}</Typography.Text>}
      {data !== undefined && items.length === 0 && uploading.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('files.none')} />
      ) : (
        <List<FileMeta & { canDelete: boolean }>
          size="small"
          loading={query.isLoading}
          dataSource={items}
          rowKey="id"
          renderItem={(f) => (
            <List.Item
              data-testid={`${testId}-item`}
              actions={[
                <a key="download" href={fileUrl(f.id)} download={f.name}>{t('files.download')}</a>,
                ...(f.canDelete
                  ? [
                      <Popconfirm key="delete" title={t('files.deleteConfirm', { name: f.name })} onConfirm={() => void remove(f)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                        <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid={`${testId}-delete`}>{t('files.delete')}</Button>
                      </Popconfirm>,
                    ]
                  : []),
              ]}
            >
              <List.Item.Meta
                avatar={isImage(f.mime) ? <Image src={fileUrl(f.id)} alt={f.name} width={48} height={48} style={{ objectFit: 'cover' }} /> : <KindIcon mime={f.mime} />}
                title={<a href={fileUrl(f.id)} download={f.name}>{f.name}</a>}
                description={`${sizeText(f.size)} · ${t('files.by', { name: f.uploadedByName ?? t('files.unknownUser'), at: formatShanghai(f.createdAt) })}`}
              />
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}
