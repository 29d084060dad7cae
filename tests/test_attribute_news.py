"""The attribution rules added in VERSION 1.3 for native English news, each on hand-written sentences."""

from __future__ import annotations

import pytest

from pipeline.quotes.attribute import attribute
from pipeline.quotes.extract import extract_quotes
from pipeline.quotes.names_en import english_people
from pipeline.quotes.outlets import load_registry
from tests.test_attribute import _attribute, _doc


@pytest.mark.parametrize(
    "text, quoted, speaker",
    [
        # verbs that frame quoted words without being verbs of saying
        ("Senator Ruth Calder branded the plan a “disaster” on Monday.", "disaster", "Ruth Calder"),
        ("Ruth Calder pledged a “long term” effort against fraud.", "long term", "Ruth Calder"),
        ("Ruth Calder has labeled the deal a “betrayal”.", "betrayal", "Ruth Calder"),
        ("Ruth Calder emailed her staff, “Nobody can know about this.”", "Nobody can know about this.", "Ruth Calder"),
        ("“It is time to act,” Ruth Calder rumbled from the podium.", "It is time to act,", "Ruth Calder"),
        ("The client Ruth Calder referred to as the “old friends” paid well.", "old friends", "Ruth Calder"),
        # the subject, not the object of a preposition or a name inside an apposition
        (
            "Ruth Calder ranted against Tom Weller, branding him a “fraud.”",
            "fraud.",
            "Ruth Calder",
        ),
        (
            "Ruth Calder, the minister of finance under Tom Weller, told reporters the cut was “a breach.”",
            "a breach.",
            "Ruth Calder",
        ),
        (
            "The meeting took place in the presence of Ruth Calder, who went on to tell the staff, “We are done.”",
            "We are done.",
            "Ruth Calder",
        ),
        # bodies named by their kind of organisation, lawyers named in apposition, spokesmen for a body
        (
            "Amnesty International has labeled Tom Weller a “digital defender.”",
            "digital defender.",
            "Amnesty International",
        ),
        (
            "A spokesman for Harbor Vista Resorts issued a denial, dismissing it as “a movie script.”",
            "a movie script.",
            "Harbor Vista Resorts",
        ),
        # a passive's agent is its subject; a possessive is not; "When X was asked" names X
        (
            "The report was drafted by Tom Weller and shared on the server built for the “client.”",
            "client.",
            "Tom Weller",
        ),
        (
            "When Tom Weller was asked if it was true, he confirmed it, stating that the “mess” was real.",
            "mess",
            "Tom Weller",
        ),
        # a passive framing verb names its agent after the quote
        ("Tom Weller, branded a “traitor” by Ruth Calder, was arrested.", "traitor", "Ruth Calder"),
        # an epigraph signed on the next line
        (
            "“We lied, we cheated.”\n\n— Ruth Calder, Boston, May 2, 2019\n\nThe story begins here.",
            "We lied, we cheated.",
            "Ruth Calder",
        ),
        # a quote after someone new is reported: not the previous quote's speaker going on
        (
            "“Pay is in there,” Mr Derrick said. Westpac's David Lording says the action is unjustified. "
            "“We have an offer on the table.” Talks resume today.",
            "We have an offer on the table.",
            "David Lording",
        ),
        # first names from beyond the US census; conflicting genders (Jodee, Mr Rich) fit any pronoun
        ("Geoff Huegill won the final. “Every race is better,” he said.", "Every race is better,", "Geoff Huegill"),
        ("Jodee Rich resigned. Mr Rich says it is unfair. “I am concerned,” he said.", "I am concerned,", "Jodee Rich"),
        (
            "Taliban ambassador to Pakistan Abdul Salam Zaeef spoke. He insisted they would not surrender to "
            "Hamid Karzai. “We will surrender to elders,” he said.",
            "We will surrender to elders,",
            "Abdul Salam Zaeef",
        ),
        # a body's name is no speaker; "according to X" names one
        (
            "The head of the Council for Educational Research, Professor Geoff Masters, says results are "
            "good. “Boys read less,” he said.",
            "Boys read less,",
            "Geoff Masters",
        ),
        (
            "“We will find him,” Colin Powell said. There are 2,000 troops there, according to Defense "
            "Secretary Donald Rumsfeld. “We have got 2,000 people,” he said.",
            "We have got 2,000 people,",
            "Donald Rumsfeld",
        ),
        # a definite role noun for one who just spoke; a title before an unknown first name
        (
            "Mr Arafat told CNN that the strikes hurt. “He wants me to fail,” the Palestinian leader said.",
            "He wants me to fail,",
            "Arafat",
        ),
        (
            "“The B-52 was flying north,” said Pentagon spokeswoman Victori Clark.",
            "The B-52 was flying north,",
            "Victori Clark",
        ),
        # "he said" after reported speech
        # the one who says something in the latest sentence that names someone, else its first person
        (
            "Captain Shaun Pollock says he hopes Nicky Boje arrives in time. “He might be fit,” he said.",
            "He might be fit,",
            "Shaun Pollock",
        ),
        (
            "John Winter says losses are high. Minister Ted Quinlan has paid tribute to the crews. "
            "“They were magnificent,” he said.",
            "They were magnificent,",
            "Ted Quinlan",
        ),
        (
            "Nigel Hawthorne died at home with a friend, Ken McReddie added. “He was a brilliant actor,” he said.",
            "He was a brilliant actor,",
            "Ken McReddie",
        ),
        ("“It was the last step,” said Carlos Perez of the visit.", "It was the last step,", "Carlos Perez"),
        # a capitalised role noun; a quote alone after a sentence of reported speech
        (
            "President Pervez Musharraf spoke. The President said he had the “support of all parties”.",
            "support of all parties",
            "Pervez Musharraf",
        ),
        (
            "President Musharraf also said he welcomed the talks. “We would like anybody to help.” Others agreed.",
            "We would like anybody to help.",
            "Musharraf",
        ),
    ],
)
def test_framing_verbs_subjects_agents_bylines_and_reported_speech(text, quoted, speaker):
    (attribution,) = _attribute(text, quoted)
    assert attribution.speaker == speaker


def test_a_participle_after_a_comma_reports_the_clause_subject_not_the_last_speaker():
    text = (
        "“I am disappointed,” Pat Rafter said. Captain John Fitzgerald has defended the decision, "
        "saying he was always in doubt. “There was no guarantee he could play.” Rafter lost."
    )
    first, second = _attribute(text, "I am disappointed,", "There was no guarantee he could play.")
    assert (first.speaker, second.speaker) == ("Pat Rafter", "John Fitzgerald")


def test_an_unclosed_quote_continued_at_once_by_an_attributed_one_has_its_speaker():
    text = (
        "The bureau's David Payne attributes the decline to campaigns. \"They put a lot of money into it. "
        '"There has been a fall," Mr Payne said.'
    )
    doc = _doc(text, "en")
    first, second = attribute(doc, extract_quotes(doc))
    assert not first.quote.closed
    assert (first.speaker, second.speaker) == ("David Payne", "David Payne")


def test_a_lawyer_named_in_apposition_speaks_both_halves_of_a_split_quote():
    text = "The lawyer flew in.\n\n“He was worried,” his lawyer, Perez, recalled. “I told him not to be.”"
    first, second = _attribute(text, "He was worried,", "I told him not to be.")
    assert (first.speaker, second.speaker) == ("Perez", "Perez")


@pytest.mark.parametrize(
    "text, quoted",
    [
        pytest.param(
            "A former worker testified that “the bosses were nervous about the visit” by Tom Weller.",
            "the bosses were nervous about the visit",
            id="by-after-a-that-quote-is-no-agent",
        ),
        pytest.param(
            "Tom Weller left. Next, Weller's attorney accused the others, claiming they were “insulting.”",
            "insulting.",
            id="a-possessive-does-not-speak",
        ),
        pytest.param(
            "The Harbor Vista has labeled Tom Weller a “digital defender.”",
            "digital defender.",
            id="an-unrecognised-subject-leaves-the-object-alone",
        ),
    ],
)
def test_the_one_named_is_not_the_speaker(text, quoted):
    (attribution,) = _attribute(text, quoted)
    assert attribution.speaker != "Tom Weller"


@pytest.mark.parametrize(
    "text, quoted",
    [
        # an indefinite role is someone new, not the person named inside it
        ("Tom Weller was charged. A former business partner of Weller recalled an incident “in Spain.”", "in Spain."),
        # quoted words that are the verb's subject: no inverted attribution after them
        ("The “old client” demanded that Tom Weller install new cameras.", "old client"),
        # words a publication the text does not name wrote: not those of the person just mentioned
        ("Tom Weller has reached a settlement with the regulator. He is also obliged to pay $20 million. "
         "“The settlement still has to be approved by the court,” the newspaper reported.",
         "The settlement still has to be approved by the court,"),
        ("Tom Weller has reached a settlement with the regulator. A local daily wrote: “The settlement still has "
         "to be approved by the court.”", "The settlement still has to be approved by the court."),
    ],
)
def test_no_speaker_from_inside_a_new_role_or_after_a_quoted_subject(text, quoted):
    (attribution,) = _attribute(text, quoted)
    assert attribution.speaker is None


def test_an_inverted_verb_after_a_comma_still_finds_its_speaker():
    text = "Крыховяк побывал на Камчатке.\n\nВ то же время, добавил Гжегож Крыховяк, «это сокровище»."
    (attribution,) = _attribute(text, "это сокровище", lang="ru")
    assert attribution.speaker == "Гжегож Крыховяк"


@pytest.mark.parametrize(
    "text, names",
    [
        ("Mike Pompeo spoke first. Though Pompeo said little, he smiled.", ["Mike Pompeo", "Pompeo"]),
        ("It hid the feed from SENAIN. His orders came from abroad.", []),
        ("When a co-owner of UC Global asked what it meant, nobody answered.", []),
        ("George H. W. Bush said so.", ["George H. W. Bush"]),
        # a middle initial written without its full stop (Australian and British style)
        ("Tony Blair and US President George W Bush agreed.", ["Tony Blair", "George W Bush"]),
        ("Tom Weller's Harbor Vista Resorts grew.", ["Tom Weller"]),
        ("Paceman Glenn McGrath took two wickets.", ["Glenn McGrath"]),
        (
            "John Winter spoke. Later Mr Winter left. George Washington slept here.",
            ["John Winter", "Winter", "George Washington"],
        ),
        # after "says" a capitalised word with a verb of its own is the reported clause's subject
        ("President Pervez Musharraf says Pakistan wants peace.", ["Pervez Musharraf"]),
        ("Queen Elizabeth II spoke after King Carl XVI Gustaf.", ["Elizabeth II", "Carl XVI Gustaf"]),
        # unknown first names where a speaker stands: an apposition with an article, an affiliation
        ("Ludde Ingvall, the skipper of Nicorette, says it helps.", ["Ludde Ingvall"]),
        ("Marks Sullivan from the Rural Fire Service says crews are ready.", ["Marks Sullivan"]),
        # a verb of saying that opens a sentence before its speaker ("Said" is also a first name)
        ("Ryan Ellis spoke. Said Ellis: it was wrong. Edward Said wrote.", ["Ryan Ellis", "Edward Said", "Ellis"]),
        # a middle initial "A." is no article; a signature after a quote and a dash is a name
        ("Julie A. Diaz Martinez said so.", ["Julie A. Diaz Martinez"]),
        # a state that is also a first name, and a day: no one's name ("John Winter" is one)
        ("In a speech in Fort Pierce, Florida Friday, Clinton laid out her plan.", ["Clinton"]),
        # a listed word as a middle name between a known first name and a rare surname; not a place
        ("said Kathleen Hall Jamieson at Madison Square Garden.", ["Kathleen Hall Jamieson"]),
        # a party before a name is no part of it
        ("Republican Donald Trump and Democrat Hillary Clinton debated. Trump said so.",
         ["Donald Trump", "Hillary Clinton", "Trump"]),
        # a surname with its particle, opening a sentence
        ("Mayor Bill de Blasio spoke. De Blasio, speaking on radio, called it bad.", ["Bill de Blasio", "De Blasio"]),
        ("“It helps.” ― Beck Pimentel\n“It does not.” — Marco Diaz disagreed.", ["Beck Pimentel", "Marco Diaz"]),
    ],
)
def test_the_english_name_finder(text, names):
    assert [m.text for m in english_people(text)] == names


def test_a_common_first_name_has_its_dominant_gender():
    from pipeline.quotes.names_en import _dominant_gender, first_names

    assert (_dominant_gender(3.271, 0.012), _dominant_gender(0.009, 2.629), _dominant_gender(0.2, 0.1)) == (
        "m",
        "f",
        "x",
    )
    if first_names().name == "census" and first_names().gender("Mary") is not None:
        assert (first_names().gender("John"), first_names().gender("Mary")) == ("m", "f")


def test_he_refers_to_the_subject_not_to_the_names_after_a_preposition():
    text = (
        "In the 1990s, Brian Nagel served on the detail of Presidents George H.W. Bush and Bill Clinton; "
        "he was assigned to “work with two foreign services,” he said in sworn testimony."
    )
    (attribution,) = _attribute(text, "work with two foreign services,")
    assert attribution.speaker == "Brian Nagel"


def test_a_quote_signed_on_its_own_line_by_a_dash_is_the_signers():
    text = (
        "Readers told us what they think.\n\n"
        "“He is ignorant of our culture.” ― Pamela Padilla\n\n"
        "“I’m so ashamed to be an American.”― Jacklyn Ashley.\n\n"
        "“We lost the vote.” — Marco Diaz disagreed with the others.\n\n"
        "”He represents our greatest shame.” ― Sonya Herridge"  # a closing mark typed to open
    )
    first, second, third, fourth = _attribute(
        text,
        "He is ignorant of our culture.",
        "I’m so ashamed to be an American.",
        "We lost the vote.",
        "He represents our greatest shame.",
    )
    assert (first.speaker, first.candidates[0].rule) == ("Pamela Padilla", "dash-byline")
    assert (second.speaker, second.candidates[0].rule) == ("Jacklyn Ashley", "dash-byline")
    assert all(c.rule != "dash-byline" for c in third.candidates)  # a new sentence, not a signature
    assert (fourth.speaker, fourth.candidates[0].rule) == ("Sonya Herridge", "dash-byline")


def test_an_outlet_before_the_verb_after_a_quote_said_it():
    text = (
        "The senator filed the bill on Monday. The loopholes he cited are “the ability to use real estate "
        "losses to offset other income,” The Hill reported."
    )
    (attribution,) = _attribute(text, "the ability to use real estate losses to offset other income,")
    assert (attribution.speaker, attribution.outlet) == ("The Hill", "The Hill")
    assert attribution.candidates[0].rule == "after-quote"


def test_a_country_s_media_at_large_carried_the_quote_in_its_language():
    # "Russian media reported": no one outlet, but the words were published in Russian, so the link stage
    # looks for their original and does not take them as published in English.
    text = ("Officials were blunt. “Experts warn of serious consequences for traffic,” Russian media reported. "
            "The mayor told Russian state TV: “We have no choice.”")
    media, told = _attribute(text, "Experts warn of serious consequences for traffic,", "We have no choice.")
    assert (media.speaker, media.role, media.outlet) == ("Russian media", "outlet", "Russian media")
    assert (told.role, told.outlet) == ("The mayor", "Russian media")
    assert load_registry().by_name(media.outlet).lang == "ru"


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("“This is a disgusting day,” said Rep. G.K. Butterfield (D-N.C.), head of the caucus.", "G.K. Butterfield"),
        ("“This is a disgusting day,” said U.S. Ambassador Samantha Power.", "Samantha Power"),
        # a title names a person even when one word of the name is a common or place word
        ("President Park Geun-hye said: “This is a disgusting day,”", "Park Geun-hye"),
    ],
)
def test_initials_and_titled_names_stay_whole(text, speaker):
    (attribution,) = _attribute(text, "This is a disgusting day,")
    assert attribution.speaker == speaker


@pytest.mark.parametrize(
    "text, quoted, speaker",
    [
        (
            "In Ohio, Donald Trump’s claim that there have been “thousands of shootings” in Chicago was news.",
            "thousands of shootings",
            "Donald Trump",
        ),
        ("But Hillary Clinton’s broadside against “printing money” leaves room.", "printing money", "Hillary Clinton"),
        ("Weller’s attorney accused the producers of “telling lies”.", "telling lies", None),  # not a noun of speech
    ],
)
def test_the_owner_of_a_noun_of_speech_says_the_quoted_words(text, quoted, speaker):
    (attribution,) = _attribute(text, quoted)
    assert attribution.speaker == speaker


def test_a_description_between_commas_before_the_verb_describes_the_speaker_before_it():
    text = (
        "Jean-Marc Ayrault, the foreign minister of France, a permanent member of the Security Council, said "
        "North Korea's latest “provocation cannot be left without consequences.”\n\n"
        "“It has the important virtue of being fiscally responsible,” Leonard E. Burman, director of the "
        "centrist Urban-Brookings Tax Policy Center and a professor at the Maxwell School of Syracuse "
        "University, said of Mrs. Clinton's plan."
    )
    first, second = _attribute(
        text,
        "provocation cannot be left without consequences.",
        "It has the important virtue of being fiscally responsible,",
    )
    assert (first.speaker, second.speaker) == ("Jean-Marc Ayrault", "Leonard E. Burman")


def test_a_clause_about_an_object_is_no_description_of_the_speaker():
    text = (
        "Jeb Bush campaigned in Concord. Bush, Florida’s former governor, also attacked billionaire Donald "
        "Trump, with whom he clashed at Saturday’s debate, calling him a “loser.”"
    )
    (attribution,) = _attribute(text, "loser.")
    assert attribution.speaker == "Jeb Bush"


def test_a_participle_after_a_quote_names_no_new_speaker():
    text = (
        "Trump largely eschewed politics. Trump said things “should be wrapped up by Cleveland,” referring "
        "to the party’s July convention, where Republicans will select a nominee."
    )
    (attribution,) = _attribute(text, "should be wrapped up by Cleveland,")
    assert attribution.speaker == "Trump"


def test_a_clause_after_a_quote_that_opens_with_when_is_not_its_frame():
    text = (
        "Hillary Clinton and Donald Trump debated. The spot concludes with footage of Trump saying during the "
        "debate last week, “That makes me smart,” when Clinton blasted him for not paying income tax."
    )
    (attribution,) = _attribute(text, "That makes me smart,")
    assert attribution.speaker == "Donald Trump"


def test_a_description_with_a_titled_name_and_an_auxiliary_before_the_verb():
    text = (
        "Vladimir V. Putin and Donald J. Trump spoke. The issue came up after Mr. Trump, asked about the "
        "deaths of journalists under Mr. Putin, had said, “I think our country does plenty of killing also.”"
    )
    (attribution,) = _attribute(text, "I think our country does plenty of killing also.")
    assert attribution.speaker == "Donald J. Trump"


@pytest.mark.parametrize(
    "text, quote, speaker",
    [
        (
            "Mayor Bill de Blasio and Donald Trump clashed. De Blasio said the move was made by commissioner "
            "Bill Bratton and said, “Who are you going to trust on security?”",
            "Who are you going to trust on security?",
            "Bill de Blasio",
        ),
        (  # the subject of the verb before "and", not the first name of the sentence
            "Taylor Bush met Tom Perez. When told Perez was in President Obama's Cabinet, Bush thought for a "
            "moment and said that in the current climate, “I think it's kind of an advantage not to be a celebrity.”",
            "I think it's kind of an advantage not to be a celebrity.",
            "Taylor Bush",
        ),
        (  # a participle after "X said," is X's
            "Omar Mateen and Adel Nefzi prayed there. Mateen didn't mingle but left as soon as prayers were "
            "finished, Nefzi said, adding, “He was not very religious.”",
            "He was not very religious.",
            "Adel Nefzi",
        ),
    ],
)
def test_a_second_verb_has_the_subject_of_the_verb_before_it(text, quote, speaker):
    (attribution,) = _attribute(text, quote)
    assert attribution.speaker == speaker


def test_a_title_in_quotation_marks_does_not_cut_the_clause_of_its_speaker():
    text = (
        "Sen. Bernie Sanders visited NBC’s “Today” to discuss his recent remarks about his Democratic rival, "
        "Hillary Clinton, saying “on her worst day” she’d be a better president than any Republican."
    )
    (attribution,) = _attribute(text, "on her worst day")
    assert attribution.speaker == "Bernie Sanders"


def test_an_owner_before_its_noun_is_no_speaker():
    text = (
        "Rand Paul spoke next. Paul then interjected, calling Rubio’s proposed child care credit "
        "“a welfare transfer payment.”"
    )
    (attribution,) = _attribute(text, "a welfare transfer payment.")
    assert attribution.speaker == "Rand Paul"


@pytest.mark.parametrize(
    "text, quote, speaker",
    [
        (
            "Glenn Beck Blasts Drudge For Mocking Cruz: “Shame On You”\n\nGlenn Beck went after the site on Tuesday.",
            "Shame On You",
            "Glenn Beck",
        ),
        (
            "Hillary Clinton Says Trump’s Big Ideas Are “Dangerous”\n\nHillary Clinton campaigned in Ohio.",
            "Dangerous",
            "Hillary Clinton",
        ),
    ],
)
def test_a_headline_verb_in_title_case_ends_the_name_before_it(text, quote, speaker):
    (attribution,) = _attribute(text, quote)
    assert attribution.speaker == speaker


def test_the_body_a_spokeswoman_speaks_for_ends_before_the_full_stop():
    text = "“We are looking into it,” said a spokeswoman for British Airways."
    (attribution,) = _attribute(text, "We are looking into it,")
    assert (attribution.speaker, attribution.role) == ("British Airways", "a spokeswoman")


@pytest.mark.parametrize(
    "text, quote, speaker, role",
    [
        (
            "«Это заболевание может быть вызвано неподвижностью», — заявила пресс-атташе компании «British Airways».",
            "Это заболевание может быть вызвано неподвижностью",
            "British Airways",
            "пресс-атташе компании",
        ),
        (
            "«Мы готовы к переговорам», — сказал официальный представитель «Единой России».",
            "Мы готовы к переговорам",
            "Единая Россия",
            "представитель",
        ),
    ],
)
def test_a_russian_spokesman_speaks_for_the_body_named_in_quotation_marks(text, quote, speaker, role):
    (attribution,) = _attribute(text, quote, lang="ru")
    assert (attribution.speaker, attribution.role) == (speaker, role)
