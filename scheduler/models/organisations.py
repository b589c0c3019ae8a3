"""Organisations (clusters, companies, research centres) and the sectors they work in."""

from __future__ import annotations

import enum

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
        return ORGANISATION_TYPE_LABELS[self]


ORGANISATION_TYPE_LABELS = {
    OrganisationType.CLUSTER: "Cluster",
    OrganisationType.COMPANY: "Company / SME",
    OrganisationType.RESEARCH: "Research or academic",
    OrganisationType.PUBLIC_BODY: "Public body",
    OrganisationType.INVESTOR: "Investor",
    OrganisationType.OTHER: "Other",
}

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

