"""Which source attribute is which izagis field, and which source value is which vocabulary
value: a default that knows the Vietnamese names surveyors and consultants use (``ma_lo``,
``ten_kcn``, ``dien_tich``, ``trang_thai``, ...), the Shapefile short names izagis exports,
and a mapping file (YAML or JSON) that adds to or overrides both:

```yaml
fields:            # source attribute -> izagis field
  SoHieuLo: code
  MaKhu: zone_code
values:            # izagis field -> source value -> izagis value
  status:
    "Da thue": leased
```

Names compare without case, accents or separators (``Mã_Lô`` = ``ma lo`` = ``MALO``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml

from izagis.errors import InvalidInputError
from izagis.export import SHAPEFILE_NAMES

# Source names that mean an izagis field, whatever the layer (after ``normalise``).
COMMON_FIELDS: Final[dict[str, str]] = {
    "ma": "code",
    "ma_so": "code",
    "ky_hieu": "code",
    "trang_thai": "status",
    "tinh_trang": "status",
    "loai": "kind",
    "ten": "name_vi",
    "ten_tieng_viet": "name_vi",
    "ten_tieng_anh": "name_en",
    "ten_en": "name_en",
    "ma_kcn": "zone_code",
    "ma_khu": "zone_code",
    "ma_du_an": "project_code",
    "ma_phan_khu": "phase_code",
    "ma_giai_doan": "phase_code",
    "ngay_trang_thai": "status_date",
    "ngay_cap_nhat_trang_thai": "status_date",
}
# Per layer, where the same word means different fields (a zone's code is ``ma_kcn``).
LAYER_FIELDS: Final[dict[str, dict[str, str]]] = {
    "zones": {
        "ma_kcn": "code",
        "ten_kcn": "name_vi",
        "ten_khu": "name_vi",
        "dien_tich": "planned_area_ha",
        "dien_tich_ha": "planned_area_ha",
        "dien_tich_quy_hoach": "planned_area_ha",
        "chu_dau_tu": "developer",
        "chu_dau_tu_ha_tang": "developer",
        "quyet_dinh": "legal_basis",
        "can_cu_phap_ly": "legal_basis",
        "nganh_nghe": "target_industries",
        "gia_thue": "lease_price_usd_m2",
        "thoi_han": "lease_term_end",
    },
    "plots": {
        "ma_lo": "code",
        "so_hieu_lo": "code",
        "loai_dat": "land_use",
        "muc_dich": "land_use",
        "muc_dich_su_dung": "land_use",
        "nam_cho_thue": "leasable_year",
    },
    "projects": {
        "ten_du_an": "name",
        "nha_dau_tu": "investor",
        "quoc_gia": "country",
        "von_dau_tu": "capital_vnd_bn",
        "ngay_cap_phep": "certificate_date",
    },
}
# Vietnamese values of the vocabulary columns (after ``normalise``).
COMMON_VALUES: Final[dict[str, dict[str, str]]] = {
    "status": {
        "trong": "free",
        "con_trong": "free",
        "chua_cho_thue": "free",
        "da_giu_cho": "reserved",
        "giu_cho": "reserved",
        "da_cho_thue": "leased",
        "da_thue": "leased",
        "dang_xay_dung": "building",
        "dang_hoat_dong": "operating",
        "hoat_dong": "operating",
        "cham_tien_do": "delayed",
        "quy_hoach": "planned",
        "du_kien": "planned",
    },
    "land_use": {
        "dat_cong_nghiep": "industrial",
        "cong_nghiep": "industrial",
        "kho_bai": "warehouse",
        "kho": "warehouse",
        "ha_tang_ky_thuat": "utility",
        "dau_moi_ha_tang": "utility",
        "cay_xanh": "green",
        "giao_thong": "road",
    },
}
# A zone's Vietnamese statuses differ from a plot's where a word means both.
ZONE_VALUES: Final[dict[str, dict[str, str]]] = {
    "status": {
        "dang_hoat_dong": "operating",
        "dang_xay_dung": "developing",
        "dang_phat_trien": "developing",
        "quy_hoach": "planned",
        "de_xuat": "proposed",
    }
}


def normalise(name: str) -> str:
    """A name or value compared without case, accents (đ as d) or separators."""
    text = unicodedata.normalize("NFD", str(name).strip().lower().replace("đ", "d"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


@dataclass
class FieldMapping:
    """Source attribute -> izagis field, and per field source value -> izagis value."""

    fields: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    # What a mapping file gave (source as written -> field; the fields its values are for),
    # checked against the layer's fields.
    given: dict[str, str] = field(default_factory=dict)
    given_values: list[str] = field(default_factory=list)

    def target(self, source: str, known: set[str]) -> str | None:
        """The izagis field a source attribute fills, if any."""
        key = normalise(source)
        if key in self.fields:
            return self.fields[key]
        return key if key in known else None

    def value(self, name: str, raw: str) -> str:
        """A vocabulary value as izagis spells it (unknown values are returned as they are)."""
        key = normalise(raw)
        return self.values.get(name, {}).get(key, key if key else raw)


def default_mapping(layer: str) -> FieldMapping:
    """The Vietnamese and Shapefile names izagis knows for ``layer``."""
    fields = {normalise(short): name for name, short in SHAPEFILE_NAMES.items()}
    fields |= COMMON_FIELDS | LAYER_FIELDS.get(layer, {})
    values = {k: dict(v) for k, v in COMMON_VALUES.items()}
    if layer == "zones":
        values |= {k: dict(v) for k, v in ZONE_VALUES.items()}
    return FieldMapping(fields, values)


def load_mapping(layer: str, path: Path | None) -> FieldMapping:
    """The default mapping of ``layer``, with ``path`` (YAML or JSON) added over it."""
    mapping = default_mapping(layer)
    if path is None:
        return mapping
    try:
        text = path.read_text(encoding="utf-8")
        data: Any = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise InvalidInputError(
            f"{path.name}: not a readable mapping ({exc})", field="mapping"
        ) from exc
    if not isinstance(data, dict) or set(data) - {"fields", "values"}:
        raise InvalidInputError(
            f"{path.name}: a mapping has the keys 'fields' and 'values' only", field="mapping"
        )
    fields, values = data.get("fields") or {}, data.get("values") or {}
    if not isinstance(fields, dict) or not isinstance(values, dict):
        raise InvalidInputError(f"{path.name}: 'fields' and 'values' are maps", field="mapping")
    for source, target in fields.items():
        mapping.fields[normalise(str(source))] = str(target)
        mapping.given[str(source)] = str(target)
    for name, table in values.items():
        if not isinstance(table, dict):
            raise InvalidInputError(
                f"{path.name}: values.{name} must map source values to izagis values",
                field="mapping",
            )
        mapping.given_values.append(str(name))
        mapping.values.setdefault(str(name), {}).update(
            {normalise(str(k)): str(v) for k, v in table.items()}
        )
    return mapping
