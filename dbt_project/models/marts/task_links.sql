{#- One row per (child task, parent task): a task and a task of a document above its document
    (int_citation_chains) that it restates, as int_task_link_scores found them. parent_rank orders
    a child's parents: the main parent (method clause_ratio) first, then by score. -#}
with scores as (
    select * from {{ ref('int_task_link_scores') }}
),

chains as (
    select child_doc_id, parent_doc_id, depth from {{ ref('int_citation_chains') }}
),

ranked as (
    select
        scores.*,
        chains.depth as chain_depth,
        row_number() over (
            partition by scores.child_task_id
            order by scores.method = 'clause_ratio' desc, scores.score desc, scores.parent_task_id
        ) as parent_rank
    from scores
    join chains using (child_doc_id, parent_doc_id)
),

final as (
    select
        child_task_id,
        parent_task_id,
        child_doc_id,
        parent_doc_id,
        score,
        method,
        cast(parent_rank as integer) as parent_rank,
        parent_rank = 1 as is_first,
        cast(chain_depth as integer) as chain_depth
    from ranked
)

select * from final
