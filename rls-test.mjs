import { PGlite } from '@electric-sql/pglite';
const pg = new PGlite();
await pg.exec(`
create role zq_app nologin nobypassrls;
create table t (id int, region_code text);
insert into t values (1,'371502'),(2,'371526');
alter table t enable row level security;
create policy p on t using (region_code = any(string_to_array(current_setting('zq.regions', true), ',')));
grant select on t to zq_app;
`);
await pg.transaction(async (tx) => {
  await tx.query(`select set_config('zq.regions', $1, true)`, ['371526']);
  await tx.query('set local role zq_app');
  console.log((await tx.query('select * from t')).rows);
});
console.log((await pg.query('select current_user, count(*) from t group by 1')).rows);
const c = await pg.clone(); console.log((await c.query('select count(*) from t')).rows);
