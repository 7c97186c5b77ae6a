import { Card, Col, Row, Typography } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { navFor } from './navigation';

/** Landing page: the modules this user may use. */
export function HomePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const items = navFor(me.permissions).filter((n) => n.key !== 'home');
  return (
    <>
      <Typography.Title level={4}>{t('home.welcome', { name: me.user.displayName })}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('home.modules')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {items.map((n) => (
          <Col key={n.key} xs={24} sm={12} lg={8}>
            <Link to={n.path}>
              <Card hoverable>
                {n.icon} <span style={{ marginLeft: 8 }}>{t(n.labelKey)}</span>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </>
  );
}
