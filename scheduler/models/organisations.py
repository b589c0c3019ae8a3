"""Organisations (clusters, companies, research centres) and the sectors they work in."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.extensions import db
from scheduler.models.types import enum_column


class OrganisationType(enum.Enum):
    CLUSTER = "cluster"
    COMPANY = "company"
    RESEARCH = "research"
    PUBLIC_BODY = "public_body"
    INVESTOR = "investor"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(ORGANISATION_TYPE_LABELS[self])


ORGANISATION_TYPE_LABELS = {
    OrganisationType.CLUSTER: _l("Cluster"),
    OrganisationType.COMPANY: _l("Company / SME"),
    OrganisationType.RESEARCH: _l("Research or academic"),
    OrganisationType.PUBLIC_BODY: _l("Public body"),
    OrganisationType.INVESTOR: _l("Investor"),
    OrganisationType.OTHER: _l("Other"),
}

# The standard sectors, by slug; their names are shown in the reader's language (the rows
# of the sector table keep the English name).
STANDARD_SECTORS = {
    "cider": "Cider",
    "cereals": "Cereals",
    "fruit-vegetables": "Fruit and vegetables",
    "ornamental-horticulture": "Ornamental horticulture",
    "medicinal-plants": "Medicinal plants",
    "mushrooms": "Mushrooms",
    "seeds": "Seeds",
    "winegrowing": "Winegrowing",
}
SECTOR_LABELS = {
    "cider": _l("Cider"),
    "cereals": _l("Cereals"),
    "fruit-vegetables": _l("Fruit and vegetables"),
    "ornamental-horticulture": _l("Ornamental horticulture"),
    "medicinal-plants": _l("Medicinal plants"),
    "mushrooms": _l("Mushrooms"),
    "seeds": _l("Seeds"),
    "winegrowing": _l("Winegrowing"),
}

organisation_sector = Table(
    "organisation_sector",
    db.metadata,
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
    Column("sector_id", ForeignKey("sector.id", ondelete="CASCADE"), primary_key=True),
)


class Sector(db.Model):
    """A sector of activity: one of the standard plant sectors or a free tag."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    label: Mapped[str] = mapped_column(String(80))
    is_standard: Mapped[bool] = mapped_column(default=False)

    @property
    def display_label(self) -> str:
        """The name in the reader's language for a standard sector, else as typed."""
        return sector_label(self.slug, self.label, self.is_standard)


def sector_label(slug: str, label: str, is_standard: bool) -> str:
    """The name of a sector in the reader's language when it is a standard one, else as typed."""
    known = SECTOR_LABELS.get(slug) if is_standard else None
    return str(known) if known is not None else label

    def __repr__(self) -> str:
        return f"<Sector {self.slug}>"


class Organisation(db.Model):
    """A legal entity that participants belong to. Names are not unique: a registrant who
    types the name of an organisation they cannot see in the list gets one of their own."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[OrganisationType] = mapped_column(
        enum_column(OrganisationType, "organisation_type")
    )
    country: Mapped[str] = mapped_column(String(2), comment="ISO 3166-1 alpha-2 code")
    city: Mapped[str] = mapped_column(String(120), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(String(2000), default="")
    sectors: Mapped[list[Sector]] = relationship(
        secondary=organisation_sector, order_by=Sector.label
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r} {self.country}>"

