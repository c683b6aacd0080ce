{{ config(severity='error') }}

-- parse_status 'parsed' exactly when the document has tasks (records.py derives it so; a parser
-- that says 'parsed' but gives no task, or the reverse, is a pipeline bug)
select doc_id, parse_status, task_count
from {{ ref('documents') }}
where (parse_status = 'parsed') <> (task_count > 0)
