"""Hand-written UCDP GED rows for the tests (a module beside conftest.py, so that any test and
module-scoped fixture can import it)."""

from __future__ import annotations

UCDP_HEADER = (
    "id,year,active_year,type_of_violence,conflict_new_id,conflict_name,dyad_new_id,dyad_name,"
    "side_a_new_id,side_a,side_b_new_id,gwnob,side_b,number_of_sources,source_article,"
    "source_office,source_date,source_headline,source_original,where_prec,where_coordinates,"
    "adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,region,"
    "event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,"
    "deaths_unknown,low,best,high"
)


def ucdp_row(event_id: int, lat: str, day: str, side_b: str = "Syrian insurgents") -> str:
    return (
        f"{event_id},2016,1,1,299,Syria: Government,11973,x,118,Government of Syria,4456,,"
        f"{side_b},1,article,SOHR,{day},headline,SOHR,1,Aleppo city,Aleppo Governorate,"
        f"Jabal Saman district,{lat},37.16,POINT (37.16 {lat}),1,Syria,652,Middle East,1,1,"
        f"{day},{day},0,0,1,0,1,1,2"
    )
