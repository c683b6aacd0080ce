-- every synonym, area word and kind suffix in seeds/unit_name_patterns.csv says what it gives,
-- and area levels and kinds are ones the marts know
select rule, word, value
from {{ ref('unit_name_patterns') }}
where (rule in ('synonym', 'area_level', 'kind_suffix') and coalesce(value, '') = '')
   or (rule = 'area_level' and value not in ('province', 'city', 'county', 'township', 'unknown'))
   or (rule = 'kind_suffix' and value not in ('government', 'enterprise', 'department', 'internal office'))
