import { Button, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from './list-kit';

/** A dialog around a create/edit form: the save error on top, Cancel and Save (which submits the form) below. */
export function FormModal({ title, width, form, saving, error, submitTestId, onClose, children }: {
  title: string;
  width: number;
  form: { submit: () => void };
  saving: boolean;
  error: unknown;
  submitTestId: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  // Wrapped so the click or key event is not handed to onClose as an argument.
  const close = () => onClose();
  return (
    <Modal
      open
      title={title}
      onCancel={close}
      width={width}
      footer={[
        <Button key="cancel" onClick={close}>{t('common.cancel')}</Button>,
        <Button key="save" type="primary" loading={saving} onClick={() => form.submit()} data-testid={submitTestId}>{t('common.save')}</Button>,
      ]}
    >
      <ErrorBanner error={error} />
      {children}
    </Modal>
  );
}
