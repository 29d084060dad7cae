"""The verbs that introduce reported speech (EN_VERB, RU_VERB), shared by the speech frames and the
readers of names and mentions, the nouns of "по информации X" (RU_BY_INFORMATION), and `ends_at` for
the look-behind patterns built on them."""

from __future__ import annotations

import re

# "по информации / по данным / по сведениям / по сообщению X": X is a source of facts, as "по словам X"
# names a speaker (after "по", a noun in the dative)
RU_BY_INFORMATION = r"(?:информации|данным|сведениям|сообщениям?)"

_LOOKBACK_CHARS = 200  # far more than any phrase `ends_at` looks for ("spokesman for the ")

_EN_VERBS = (
    "said say says saying told tell tells telling added adds adding noted notes noting explained explains "
    "explaining stated states stating claimed claims claiming wrote writes writing asked asks replied "
    "replies responded responds declared declares announced announces insisted insists argued argues "
    "warned warns warning stressed stresses stressing emphasized emphasised emphasizes continued "
    "commented comments remarked observed observes quoted suggested suggests concluded admitted admits "
    "acknowledged recalled recalls believes reported reports reiterated underlined confirmed confirms "
    "denied promised urged urges assured complained joked posted tweeted shared recounted predicted "
    "clarified asserted maintained contended indicated mentioned exclaimed agreed vowed threatened "
    "demanded proposed revealed informed reminded cautioned hinted speculated conceded answered retorted "
    "opined lamented boasted described quotes quoting cites cited accused accuses called calls spoke speaks "
    "commenting agreeing reads upset "
    # participles and forms news uses after a comma ("…, responding that he’s “not going to …”")
    "responding replying answering recalling suggesting asserting predicting acknowledging conceding "
    "declaring announcing explaining continuing remarking observing concluding admitting "
    "confirming denying complaining joking tweeting posting recounting clarifying maintaining contending "
    "exclaiming revealing cautioning hinting speculating lamenting boasting accusing calling "
    "asking adding repeated repeats repeating wondered wondering questioned questioning believed "
    "bragged bragging griped grumbled marveled marvelled"
).split()
# Verbs that put quoted words in their subject's mouth without being verbs of saying ("branded him a
# “narcissist”", "pledged a “long term” campaign"), and verbs of the manner of speaking ("he rumbled");
# forms that are also common nouns ("emails", "demands", "a brand") are left out.
_EN_FRAMING = (
    "branded branding labeled labelled labeling labelling dubbed dubbing termed terming denounce "
    "denounces denounced denouncing condemn condemns condemned condemning praised praising pledged "
    "pledging dismiss dismisses dismissed dismissing deride derided deriding decry decries decried "
    "slammed slamming blasted blasting hailed hailing denigrate denigrated denigrating characterize "
    "characterized characterizes characterise characterised describing describes insisting arguing vowing "
    "urging proposing proposes demanding promising warns threatening testify testifies testified "
    "testifying emailed emailing texted messaged instructed instructing ordered countered countering "
    "interjected quipped mused shouted yelled screamed whispered muttered murmured snapped barked sighed "
    "cried rumbled thundered scoffed gushed fumed pleaded begged ranted mentioning requested requesting "
    "rejected rejecting chided chiding mocked mocking teased taunted scolded scolding criticized criticised "
    "criticizing criticising lambasted lambasting ridiculed ridiculing"
).split()
_EN_PHRASAL = [
    "pointed out",
    "points out",
    "pointing out",
    "laid out",
    "lays out",
    "summed up",
    "went on to say",
    "fired back",
    "shot back",
    "pushed back",
    "weighed in",
    "chimed in",
    "lashed out",
    "referred to",
    "refers to",
    "referring to",
]
EN_VERB = r"\b(?:" + "|".join(sorted(_EN_PHRASAL + _EN_VERBS + _EN_FRAMING, key=len, reverse=True)) + r")\b"
# Stems are prefixes; these nouns, adjectives and adverbs share one and are never speech
# ("возложили на него ответственность", "заметно", "признаки", "название").
_RU_NOT_VERBS = r"ответствен|заметн|признак|названи|заключительн|продолжительн|выразительн|указател"
RU_VERB = (
    rf"(?<![а-яё])(?!{_RU_NOT_VERBS})(?:сказа|заяв|сообщ|отмет|подчеркн|подчерки|добав|поясн|поясня|рассказ|призна|"
    r"счита|говор|написа|пиш|замет|замеча|уточн|переда|цитир|ответ|объясн|объясня|предупред|напомн|"
    r"указа|указыва|констатир|резюмир|подели|призва|призыва|выраз|полага|высказа|прокомментир|"
    r"завер|заверя|утвержда|уверя|спроси|восклик|продолжи|заключи|обрати|поделил|уверен|убежд|"
    r"сетова|сетует|посетова|возмути|пообеща|обеща|признае|добавля|отмеча|сообща|заявля|рассуждае|"
    r"пошути|повтори|жалуе|пожалова|парирова|возрази|соглас|иронизир|поинтересова|признава|рассказыва|"
    r"делит|делил|комментир|обвин|подытож|приводит слова|привел слова|привела слова|назва|назыв|"
    r"требова|потребова|передразни|отвеча|спрашива|продолжа|увери|напомина|"
    r"восклица|возража|настаива|настоя|отозва|писал|вспомина|вспомнил)[а-яё]*"
)


def ends_at(pattern: re.Pattern[str], text: str, end: int) -> re.Match[str] | None:
    """A match of `pattern` (anchored with `$`) that ends at `end`, looked for in the few hundred
    characters before it rather than from the start of the document on every call."""
    return pattern.search(text, max(0, end - _LOOKBACK_CHARS), end)
