with identity as (
    select * from {{ ref('int_unit_identity') }}
),

split as (
    select * from {{ ref('int_task_units_split') }}
),

task_units as (
    -- every printed name, and every organisation a printed list names (晋江市、福安市人民政府)
    select task_id, doc_id, unit_name, role from split
    union all
    select split.task_id, split.doc_id, members.member_name, split.role
    from split
    join {{ ref('int_unit_members') }} as members using (doc_id, unit_name)
),

workload as (
    select
        identity.unit_id,
        {%- for role in var('unit_roles') %}
        count(distinct case when task_units.role = '{{ role }}' then task_units.task_id end) as {{ role }}_task_count,
        {%- endfor %}
        count(distinct task_units.doc_id) as doc_count
    from task_units
    join identity
        on identity.doc_id = task_units.doc_id
        and identity.unit_name = task_units.unit_name
    group by identity.unit_id
),

organisations as (
    select
        unit_id,
        any_value(canonical_name) as canonical_name,
        coalesce(list(distinct unit_name order by unit_name) filter (where unit_name <> canonical_name), [])
            as aliases,
        any_value(scope_issuer) as scope_issuer,
        any_value(is_collective) as is_collective,
        any_value(admin_level) as admin_level,
        any_value(kind) as kind,
        any_value(jurisdiction) as jurisdiction,
        any_value(adcode) as adcode
    from identity
    group by unit_id
),

final as (
    select
        ---------- ids
        organisations.unit_id,
        organisations.canonical_name as unit_name,
        ---------- the organisation
        organisations.canonical_name,
        organisations.aliases,
        organisations.scope_issuer,
        organisations.jurisdiction,
        organisations.adcode,
        organisations.is_collective,
        organisations.admin_level,
        organisations.kind,
        ---------- workload
        workload.lead_task_count,
        workload.responsible_task_count,
        workload.cooperating_task_count,
        workload.doc_count
    from organisations
    join workload using (unit_id)
)

select * from final
