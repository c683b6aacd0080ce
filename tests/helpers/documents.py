"""Small invented documents for tests that need an input of a known shape."""
from __future__ import annotations


def small_doc(title: str = "2022年某区政务公开工作任务分解表", last_unit: str = "各街道") -> str:
    """A small tab-table document with three tasks (each with lead and responsible units): the
    notice title `title`, the last task's responsible unit `last_unit`."""
    return (f"关于印发{title}的通知\n某区人民政府办公室\n2022年3月1日\n\n"
            "工作任务\t工作要求\t牵头单位\t责任单位\n"
            "一、加强政务公开\t\t\t\n"
            "1. 公开年度预算。\t按规定时限公开。\t区财政局\t各街道\n"
            "2. 公开办事指南。\t及时更新。\t区政务服务中心\t区直各部门\n"
            f"3. 公开重大决策。\t依法公开。\t区司法局\t{last_unit}\n")


SMALL = small_doc()
