"""A small made-up news story in Russian with its English translation, sentence by sentence, for the
link tests (written for this project; no corpus text)."""

from __future__ import annotations

RUSSIAN = (
    "Власти Самары закрыли мост через Волгу на ремонт",
    "В понедельник администрация Самары объявила о закрытии Фрунзенского моста на капитальный ремонт.",
    "По словам мэра города Елены Лапушкиной, работы продлятся не менее четырех месяцев.",
    "«Мы понимаем, что это создаст неудобства для жителей, но откладывать ремонт больше нельзя», — заявила она.",
    "Инженеры обнаружили трещины в опорах моста во время плановой проверки в марте.",
    "Городской транспорт будет направлен в объезд через Кировский мост.",
    "Депутаты городской думы потребовали от подрядчика гарантий соблюдения сроков.",
    "Стоимость ремонта оценивается в 1,2 миллиарда рублей, которые выделит областной бюджет.",
    "Эксперты предупреждают о серьезных последствиях для движения в часы пик.",
    "Последний раз мост ремонтировали в 2009 году.",
)
ENGLISH = (
    "Samara authorities close the Volga bridge for repairs",
    "On Monday, the Samara administration announced that the Frunzensky Bridge would close for major repairs.",
    "According to the city's mayor Elena Lapushkina, the work will last at least four months.",
    "\u201cWe understand that this will inconvenience residents, but the repairs cannot be postponed any "
    "longer,\u201d she said.",
    "Engineers found cracks in the bridge supports during a routine inspection in March.",
    "City transport will be diverted via the Kirovsky Bridge.",
    "Members of the city duma demanded guarantees from the contractor that the deadlines would be met.",
    "The repairs are estimated to cost 1.2 billion rubles, which the regional budget will provide.",
    "Experts warn of serious consequences for traffic at rush hour.",
    "The bridge was last repaired in 2009.",
)
# An unrelated English report that quotes one sentence of the story (it translates nothing).
QUOTING = (
    "Regional roads face a difficult summer",
    "Several Russian regions have announced road closures ahead of the tourist season.",
    "In Samara, officials were blunt. \u201cExperts warn of serious consequences for traffic at rush hour,\u201d "
    "a local newspaper reported.",
    "In Kazan, a new ring road is due to open in August after years of delays.",
    "Drivers in Yekaterinburg complain about potholes that appear every spring.",
    "Federal officials promised additional funding for regional roads next year.",
)


def article(lines: tuple[str, ...], front: dict[str, str] | None = None, tail: tuple[str, ...] = ()) -> str:
    """A headline on its own line, then paragraphs of two sentences; YAML front matter when given."""
    body = [lines[0]] + [" ".join(lines[i : i + 2]) for i in range(1, len(lines), 2)] + list(tail)
    header = "".join(f"{key}: {value}\n" for key, value in (front or {}).items())
    return (f"---\n{header}---\n" if front else "") + "\n\n".join(body) + "\n"
