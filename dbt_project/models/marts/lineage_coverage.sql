{#- Per (child document, document above it): every task of the document above with what the child
    made of it, and every child task that restates none of its tasks. One row per
    - linked pair: taken_up (the child task restates this parent task alone) or merged (the child
      task restates several tasks of that document), with both tasks' lead units;
    - parent task no child task restates: not_taken_up;
    - child task with no parent task in that document: no_parent.
    Lead units: the task's lead (牵头) units, or its responsible units when it names no lead. -#}
with chains as (
    select child_doc_id, parent_doc_id, depth from {{ ref('int_citation_chains') }}
),

links as (
    select * from {{ ref('task_links') }}
),

tasks as (
    select task_id, doc_id, seq, title from {{ ref('tasks') }}
),

lead_units as (
    select
        task_id,
        coalesce(
            list(unit_name order by position) filter (where role = 'lead'),
            list(unit_name order by position) filter (where role = 'responsible')
        ) as lead_units
    from {{ ref('task_units') }}
    group by task_id
),

parent_counts as (  -- a child task restating several tasks of one document above merged them
    select child_task_id, parent_doc_id, count(*) as parents from links group by child_task_id, parent_doc_id
),

linked as (
    select
        links.child_doc_id,
        links.parent_doc_id,
        case when parent_counts.parents > 1 then 'merged' else 'taken_up' end as status,
        links.parent_task_id,
        links.child_task_id,
        links.score
    from links
    join parent_counts using (child_task_id, parent_doc_id)
),

-- tasks on either side that no link between the two documents joins: a parent task not taken
-- up, a child task with no parent there
unlinked as (
    select
        chains.child_doc_id,
        chains.parent_doc_id,
        case when tasks.doc_id = chains.parent_doc_id then 'not_taken_up' else 'no_parent' end as status,
        tasks.task_id
    from chains
    join tasks on tasks.doc_id in (chains.parent_doc_id, chains.child_doc_id)
    where not exists (
        select 1 from links
        where links.child_doc_id = chains.child_doc_id and links.parent_doc_id = chains.parent_doc_id
            and tasks.task_id in (links.parent_task_id, links.child_task_id))
),

combined as (
    select * from linked
    union all
    select
        child_doc_id,
        parent_doc_id,
        status,
        case when status = 'not_taken_up' then task_id end as parent_task_id,
        case when status = 'no_parent' then task_id end as child_task_id,
        null::double as score
    from unlinked
),

final as (
    select
        combined.child_doc_id,
        combined.parent_doc_id,
        cast(chains.depth as integer) as chain_depth,
        combined.status,
        combined.parent_task_id,
        parent_tasks.seq as parent_seq,
        parent_tasks.title as parent_title,
        parent_units.lead_units as parent_lead_units,
        combined.child_task_id,
        child_tasks.seq as child_seq,
        child_tasks.title as child_title,
        child_units.lead_units as child_lead_units,
        combined.score
    from combined
    join chains using (child_doc_id, parent_doc_id)
    left join tasks as parent_tasks on parent_tasks.task_id = combined.parent_task_id
    left join tasks as child_tasks on child_tasks.task_id = combined.child_task_id
    left join lead_units as parent_units on parent_units.task_id = combined.parent_task_id
    left join lead_units as child_units on child_units.task_id = combined.child_task_id
)

select * from final
