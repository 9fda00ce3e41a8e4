-- Issue 13 item 2: batch membership as batch_hub rows against 64-bit words (docs/benchmarks.md, 'Revised (2026-12-04)').
-- Run with: createdb bhx; psql -d bhx -f docs/experiments/batch-membership.sql

-- bhx.sql
\timing on
set jit=off;
create table hub(id bigint primary key, region int, drawn bool);
insert into hub select g, (hashint8(g) & 1), (abs(hashint8(g*7)) % 4) <> 0 from generate_series(1,1333333) g;
analyze hub;
create table pool as select id, region, row_number() over (partition by region order by id) rn from hub where drawn;
analyze pool;
create table bh(batch_id bigint not null, hub_id bigint not null, outcome varchar(16), firmware_version varchar(32), reported_at timestamp, error_code varchar(64), recorded_at timestamp, attempt int default 1 not null, superseded boolean default false not null, retry_requested_at timestamp, constraint pk_bh primary key(batch_id, hub_id), constraint ck check (outcome in ('SUCCEEDED','FAILED')));
create index ix_bh_hub on bh(hub_id);
checkpoint;
-- A: both indexes, region by region, in id order
insert into bh(batch_id, hub_id) select region*1000 + rn/10000, id from pool where region=0 order by id;
insert into bh(batch_id, hub_id) select region*1000 + rn/10000, id from pool where region=1 order by id;
truncate bh; checkpoint;
-- B: PK only
drop index ix_bh_hub;
insert into bh(batch_id, hub_id) select region*1000 + rn/10000, id from pool where region=0 order by id;
insert into bh(batch_id, hub_id) select region*1000 + rn/10000, id from pool where region=1 order by id;
truncate bh; checkpoint;
-- C: no index
alter table bh drop constraint pk_bh;
insert into bh(batch_id, hub_id) select region*1000 + rn/10000, id from pool where region=0 order by id;
insert into bh(batch_id, hub_id) select region*1000 + rn/10000, id from pool where region=1 order by id;
truncate bh; checkpoint;
-- D: narrow table, no index
create table bh2(batch_id bigint not null, hub_id bigint not null);
insert into bh2 select region*1000 + rn/10000, id from pool where region=0 order by id;
insert into bh2 select region*1000 + rn/10000, id from pool where region=1 order by id;
-- E: both indexes, but hub index as hub-first composite? no: A again to check repeatability
alter table bh add constraint pk_bh primary key(batch_id, hub_id);
create index ix_bh_hub on bh(hub_id);
checkpoint;
insert into bh(batch_id, hub_id) select region*1000 + rn/10000, id from pool where region=0 order by id;
insert into bh(batch_id, hub_id) select region*1000 + rn/10000, id from pool where region=1 order by id;

-- bhx2.sql
\timing on
set jit=off;
truncate bh; checkpoint;
-- F: both indexes, one statement, both regions in hub id order
insert into bh(batch_id, hub_id) select region*1000 + rn/10000, id from pool order by id;
truncate bh; checkpoint;
-- G: both indexes, one statement, in (batch, hub) order
insert into bh(batch_id, hub_id) select region*1000 + rn/10000, id from pool order by 1,2;
truncate bh; checkpoint;
-- A again: per region
insert into bh(batch_id, hub_id) select region*1000 + rn/10000, id from pool where region=0 order by id;
insert into bh(batch_id, hub_id) select region*1000 + rn/10000, id from pool where region=1 order by id;
-- with an earlier release present: F and A with 1M rows of another release already in
checkpoint;
insert into bh(batch_id, hub_id) select 10000+region*1000 + rn/10000, id from pool order by id;
delete from bh where batch_id >= 10000; vacuum bh; checkpoint;
insert into bh(batch_id, hub_id) select 10000+region*1000 + rn/10000, id from pool where region=0 order by id;
insert into bh(batch_id, hub_id) select 10000+region*1000 + rn/10000, id from pool where region=1 order by id;

-- bhx3.sql
\timing on
set jit=off;
-- words: one row per (batch, 64-id word) of the drawn hubs
create table bm(batch_id bigint not null, word bigint not null, bits bigint not null, constraint pk_bm primary key(batch_id, word));
create index ix_bm_word on bm(word);
checkpoint;
insert into bm select region*1000 + rn/10000, id/64, bit_or(1::bigint << (id % 64)::int) from pool group by 1, 2;
select count(*), pg_size_pretty(pg_total_relation_size('bm')) from bm;
truncate bm; checkpoint;
insert into bm select region*1000 + rn/10000, id/64, bit_or(1::bigint << (id % 64)::int) from pool group by 1, 2;
analyze bm;
-- the hubs of one batch via words joined to hub by range
explain analyze select h.id from bm m join hub h on h.id between m.word*64 and m.word*64+63 and (m.bits >> (h.id - m.word*64)::int) & 1 = 1 where m.batch_id = 1010;
select count(*) from bh where batch_id = 11010;
-- every member set-wise
select count(*) from bm m join hub h on h.id between m.word*64 and m.word*64+63 and (m.bits >> (h.id - m.word*64)::int) & 1 = 1;
-- every member via rows
select count(*) from bh b join hub h on h.id = b.hub_id where b.batch_id >= 10000;
-- per-hub membership lookups for all hubs (status-like): exists
select count(*) from hub h where exists (select 1 from bm m where m.word = h.id/64 and (m.bits >> (h.id % 64)::int) & 1 = 1 offset 0);
select count(*) from hub h where exists (select 1 from bh b where b.hub_id = h.id offset 0);

-- bhx4.sql
\timing on
set jit=off;
create index ix_bm_word_inc on bm(word) include (batch_id, bits);
vacuum analyze bm;
select count(*) from hub h where exists (select 1 from bm m where m.word = h.id/64 and (m.bits >> (h.id % 64)::int) & 1 = 1 offset 0);
select count(*) from hub h where exists (select 1 from bm m where m.word = h.id/64 and (m.bits >> (h.id % 64)::int) & 1 = 1);
explain analyze select count(*) from hub h where exists (select 1 from bm m where m.word = h.id/64 and (m.bits >> (h.id % 64)::int) & 1 = 1 offset 0);
vacuum analyze bh;
select count(*) from hub h where exists (select 1 from bh b where b.hub_id = h.id offset 0);

-- bhx5.sql
\timing on
set jit=off;
truncate bm;
insert into bm select region*1000 + rn/10000, id/64, bit_or(1::bigint << (id % 64)::int) from pool group by 1, 2;
select count(*) from hub h where exists (select 1 from bm m where m.word = h.id/64 and (m.bits >> (h.id % 64)::int) & 1 = 1 offset 0);
analyze bm;
select count(*) from hub h where exists (select 1 from bm m where m.word = h.id/64 and (m.bits >> (h.id % 64)::int) & 1 = 1 offset 0);
explain analyze select count(*) from hub h where exists (select 1 from bm m where m.word = h.id/64 and (m.bits >> (h.id % 64)::int) & 1 = 1 offset 0);

-- bhx6.sql
\timing on
set jit=off;
truncate bm;
insert into bm select region*1000 + rn/10000, id/64, bit_or(1::bigint << (id % 64)::int) from pool group by 1, 2;
set enable_bitmapscan=off;
select count(*) from hub h where exists (select 1 from bm m where m.word = h.id/64 and (m.bits >> (h.id % 64)::int) & 1 = 1 offset 0);
select count(*) from hub h where exists (select 1 from bm m where m.word = h.id/64 and (m.bits >> (h.id % 64)::int) & 1 = 1 offset 0);
