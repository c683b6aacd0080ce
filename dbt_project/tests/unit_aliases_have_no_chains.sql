-- a declared canonical name is never itself declared as an alias in the same scope (an alias
-- resolves in one step), and no alias names itself
select a.alias, a.canonical_name, a.scope
from {{ ref('unit_aliases') }} as a
left join {{ ref('unit_aliases') }} as b
    on b.alias = a.canonical_name and coalesce(b.scope, '') in (coalesce(a.scope, ''), '')
where b.alias is not null or a.alias = a.canonical_name
