"""Markdown and HTML for checklists, readable without JavaScript and printable as a form.

Each item is an `<li>` in a plain `<ul>`. CSS draws the box in front of it until
docs/javascripts/checklists.js replaces the box with a real checkbox. The blocks use the
`md_in_html` extension so that the escaped text and the `.md` links inside them are still
Markdown, which MkDocs validates.
"""

from __future__ import annotations

import html

from macros.checklists import Copy, Item, checklist_path, copies
from macros.guide_views import GuideViews, indent
from macros.markdown import bullet_list, paragraphs, record_sections, text


def attribute(value: object) -> str:
    return html.escape(str(value), quote=True)


class ChecklistViews(GuideViews):
    """Renders checklists and their index for one page."""

    def checklist_block(self, copy: Copy) -> str:
        """Render a checklist as HTML lists that the script turns into ticking boxes."""
        lines = [
            (
                f'<div class="checklist" data-checklist-id="{attribute(copy.storage_id)}" '
                f'data-checklist-version="{copy.version}" data-checklist-title="{attribute(copy.title)}" markdown>'
            ),
            "",
            f'<p class="checklist__version">Checklist version {copy.version}</p>',
            "",
        ]
        for section in copy.sections:
            lines.append(f"### {text(section.title)}\n")
            lines.append(f'<ul class="checklist__items" data-section-title="{attribute(section.title)}" markdown>')
            lines.extend(self.item_html(item) for item in section.items)
            lines.append("</ul>\n")
        lines.append(self.sign_off_html(copy))
        lines.append("</div>\n")
        return "\n".join(lines)

    def item_html(self, item: Item) -> str:
        parts = [
            f'<li class="checklist__item" data-item-id="{attribute(item.id)}" markdown>',
            f'<span class="checklist__text">{text(item.text)}</span>',
            f'<span class="checklist__responsible">Responsible: {self.party(item.responsible) or "not named"}</span>',
        ]
        related = []
        if item.origin:
            collection, record_id = item.origin
            label = "details in the plan" if collection == "milestones" else "the duty"
            related.append(self.link(collection, record_id, label))
            if collection == "duties":
                related.extend(self.handoff_links(record_id))
        if item.services:
            related.append(self.links("services", list(item.services)))
        if related:
            parts.append(f'<span class="checklist__related">See: {", ".join(related)}</span>')
        if item.details:
            parts.append(
                '\n<details class="checklist__details" markdown>\n<summary>Why and how</summary>\n\n'
                + paragraphs(item.details)
                + "\n\n</details>"
            )
        parts.append("</li>")
        return "\n".join(parts)

    def handoff_links(self, duty_id: str) -> list[str]:
        return [
            self.linker.link("handoff checklist", checklist_path(checklist, duty_id))
            for checklist in self.site.checklists.values()
            if checklist.copies == "per duty"
        ]

    def sign_off_html(self, copy: Copy) -> str:
        rows = [
            '<div class="checklist__signoff" markdown>',
            "",
            '<p class="checklist__signoff-title"><strong>Sign-off</strong></p>',
            "",
        ]
        for party in copy.sign_off:
            rows.append(
                f'<p class="checklist__signature" markdown="span"><span class="checklist__signer">'
                f"{self.party(party)}</span>"
                '<span class="checklist__line">Signature</span><span class="checklist__line">Date</span></p>'
            )
        rows.append("</div>\n")
        return "\n".join(rows)

    def checklist_page(self, copy: Copy) -> str:
        """Render the whole page of one published checklist."""
        checklist = copy.checklist
        parts = [f"# {text(copy.title)}\n", paragraphs(checklist.summary) + "\n"]
        facts = [f"**Version:** {checklist.version}"]
        if copy.subject:
            collection, record_id = copy.subject
            facts.append(f"**For:** {self.link(collection, record_id)}")
            if collection == "duties":
                facts.extend(self.duty_standing(record_id))
        guides = [guide.id for guide in self.site.guides.values() if checklist.id in guide.checklists]
        if guides:
            facts.append("**Guides that use it:** " + ", ".join(self.guide_link(guide_id) for guide_id in guides))
        facts.extend(self.review_facts(checklist))
        parts.append(bullet_list(facts))
        parts.append(
            '!!! tip "Your ticks stay in this browser"\n'
            + indent(
                "Ticks are saved in this browser only, for this version of the checklist. Export them to a file "
                "to move them to another browser or to keep them with a ticket. When the checklist changes, its "
                "version goes up and every box starts empty again."
            )
            + "\n"
        )
        parts.append(self.checklist_block(copy))
        parts.append(self.provenance(checklist))
        return "\n".join(parts)

    def duty_standing(self, duty_id: str) -> list[str]:
        duty = self.site.duties[duty_id]
        facts = [f"**Handoff status in the matrix:** {text(duty.status)}"]
        if duty.owner:
            facts.append(f"**Owner:** {self.link('people', duty.owner)}")
        facts.append(f"**Receiving side:** {self.receiving_side(duty)}")
        return facts

    def copies_index_page(self, checklist_id: str) -> str:
        """Render the index of a checklist published once per duty or per experiment."""
        checklist = self.site.checklists[checklist_id]
        published = copies(self.site, checklist)
        parts = [f"# {text(checklist.title)}\n", paragraphs(checklist.summary) + "\n"]
        subjects = [copy for copy in published if copy.subject]
        kind = "duty" if checklist.copies == "per duty" else "experiment"
        parts.append(f"## One copy per {kind}\n")
        parts.append(bullet_list(self.linker.link(copy.title, copy.path) for copy in subjects))
        template = next((copy for copy in published if copy.subject is None), None)
        if template:
            parts.append(
                "## Blank copy\n\nFor a duty that is not listed above. The roles are not filled in, "
                "so write the names on the printed copy.\n"
            )
            parts.append(bullet_list([f"**Version:** {checklist.version}", *self.review_facts(checklist)]))
            parts.append(self.checklist_block(template))
        parts.append(self.provenance(checklist))
        return "\n".join(parts)

    def checklists_index(self) -> str:
        """Render one section per checklist, with its version and where its copies are."""
        sections = []
        for checklist in self.site.checklists.values():
            published = copies(self.site, checklist)
            facts = [f"**Version:** {checklist.version}", f"**Items:** {self.item_count(published)}"]
            if checklist.copies != "one":
                subjects = [copy for copy in published if copy.subject]
                facts.append(f"**Copies:** {len(subjects)}, {checklist.copies}")
            sections.append(
                f"## {self.linker.link(checklist.title, checklist_path(checklist))} {{#{checklist.id}}}\n\n"
                + paragraphs(checklist.summary)
                + "\n\n"
                + bullet_list(facts)
            )
        return record_sections(sections)

    @staticmethod
    def item_count(published: list[Copy]) -> str:
        counts = sorted({len(copy.items()) for copy in published})
        if len(counts) == 1:
            return str(counts[0])
        return f"{counts[0]} to {counts[-1]}, depending on the copy"
