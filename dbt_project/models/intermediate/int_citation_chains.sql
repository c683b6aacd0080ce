{#- Every document above each document in the corpus: the documents it cites (depth 1), those they
    cite (depth 2) and so on, up to max_chain_depth levels (the State Council → province → city →
    district → township chain is five). A cycle (two notices citing each other) stops where a
    document comes round again. One row per (document, document above) at its shortest depth. -#}
{% set max_chain_depth = 8 %}
with recursive edges as (
    select distinct doc_id, cited_doc_id
    from {{ ref('int_citations_resolved') }}
    where cited_doc_id is not null
),

chain (doc_id, ancestor_doc_id, depth, path) as (
    select doc_id, cited_doc_id, 1, [doc_id, cited_doc_id]
    from edges
    union all
    select chain.doc_id, edges.cited_doc_id, chain.depth + 1, list_append(chain.path, edges.cited_doc_id)
    from chain
    join edges on edges.doc_id = chain.ancestor_doc_id
    where not list_contains(chain.path, edges.cited_doc_id) and chain.depth < {{ max_chain_depth }}
),

final as (
    select
        doc_id as child_doc_id,
        ancestor_doc_id as parent_doc_id,
        min(depth) as depth,
        arg_min(path, depth) as via
    from chain
    group by 1, 2
)

select * from final
