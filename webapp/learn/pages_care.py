"""Information pages about care: fear and stress, the GP, the step plan, operations and
clinics, fellow patients. Our own plain words, facts from the leaflet and the guidelines.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from webapp.learn.page import Page, Section

PAGES: tuple[Page, ...] = (
    Page(
        "fear-and-stress",
        _l("Fear and stress"),
        _l("How worry can make pain worse, and where to find help."),
        (
            Section(
                _l("Fear of pain"),
                (
                    _l("Some people are so afraid of the pain that they rest too much."),
                    _l("Too much rest keeps the complaints going."),
                    _l("It is normal to worry about your back. Talking about it helps."),
                ),
            ),
            Section(
                _l("Stress"),
                (
                    _l("Stress can make back pain worse."),
                    _l("Try to find out what causes your stress, and what lowers it."),
                    _l(
                        "Is your work causing stress? Talk to your manager or to the "
                        "company doctor."
                    ),
                ),
            ),
            Section(
                _l("Who can help"),
                (
                    _l("Your GP can reassure you, and can help you deal with fear and stress."),
                    _l(
                        "Your physiotherapist can show you which movements are safe, so you "
                        "worry less."
                    ),
                ),
            ),
        ),
    ),
    Page(
        "when-to-see-the-gp",
        _l("When to see your GP"),
        _l("Signs that need a doctor: some today, some soon."),
        (
            Section(
                _l("Call your GP today"),
                (
                    _l(
                        "Call your GP straight away, or the out-of-hours GP service in the "
                        "evening, at night or at the weekend, if you notice one of these:"
                    ),
                    _l("Your leg or legs become weak, or you lose feeling in them."),
                    _l(
                        "You feel numb around your genitals, your bottom or the inside of your "
                        "thighs."
                    ),
                    _l("You have severe, shooting pain in one or both legs."),
                    _l("You cannot pass urine, or you cannot hold your urine or stools."),
                    _l("You had an operation on your back not long ago."),
                    _l(
                        "You are over 40 and suddenly have very severe pain that does not "
                        "change when you move or change position."
                    ),
                    _l(
                        "You know that you have a bulge in your main artery (an aneurysm) and "
                        "you get back pain."
                    ),
                    _l("If you feel very ill, or it is life-threatening, call 112."),
                ),
            ),
            Section(
                _l("Make an appointment with your GP"),
                (
                    _l("Not urgent, but tell your GP if one of these fits you:"),
                    _l("You are over 50 and this is the first time you have back pain."),
                    _l("You started having back pain before the age of 20."),
                    _l(
                        "The pain is always there, whatever position you are in, or it is "
                        "bad at night."
                    ),
                    _l("You feel ill, or you lose weight without trying."),
                    _l("You have had cancer."),
                    _l("You have used corticosteroids, such as prednisone, for a long time."),
                    _l("The pain started after an accident or a fall."),
                    _l("Your back is stiff for more than an hour in the morning."),
                    _l(
                        "One of these signs on its own usually means nothing serious. Your GP "
                        "will look at the whole picture."
                    ),
                ),
            ),
            Section(
                _l("And always"),
                (
                    _l("Go to your GP if you are worried, or if the pain keeps getting worse."),
                    _l("Rugcoach may ask you about these signs. It does not replace your GP."),
                ),
            ),
        ),
    ),
    Page(
        "step-plan",
        _l("The step plan"),
        _l("What your GP can do when little has changed after about 4 weeks."),
        (
            Section(
                _l("What it is"),
                (
                    _l(
                        "If your back pain has not changed much after about 4 weeks, your GP "
                        "makes a plan with you: the step plan."
                    ),
                    _l(
                        "Your GP also asks about things that can slow recovery, such as worry, "
                        "stress or problems at work."
                    ),
                    _l("You only go to a next step if the step before was not enough."),
                ),
            ),
            Section(
                _l("The steps"),
                (
                    _l("Step 1: clear information and advice about your back pain."),
                    _l("Step 2: building up your daily activities again, bit by bit."),
                    _l(
                        "Step 3: exercises with a physiotherapist or exercise therapist. "
                        "Swimming or cycling are good too."
                    ),
                    _l(
                        "Step 4: help from a behavioural therapist, to deal with the pain in a "
                        "different way."
                    ),
                    _l(
                        "Step 5: a rehabilitation programme with a team, for example a "
                        "rehabilitation doctor, a psychologist and a physiotherapist."
                    ),
                ),
            ),
            Section(
                _l("Where Rugcoach fits"),
                (
                    _l(
                        "Rugcoach helps with building up activities and exercises, together "
                        "with your physiotherapist or GP."
                    ),
                ),
            ),
        ),
    ),
    Page(
        "operations",
        _l("Operations and private clinics"),
        _l("Why an operation is rarely the answer, and what to check first."),
        (
            Section(
                _l("Rarely needed"),
                (
                    _l("Very few people have a back problem that an operation can treat."),
                    _l("For non-specific back pain, an operation is almost never the answer."),
                ),
            ),
            Section(
                _l("Private clinics"),
                (
                    _l(
                        "Some private clinics offer back operations, for example fixing "
                        "vertebrae together or placing an implant."
                    ),
                    _l(
                        "These treatments often do not work, and their results are often not "
                        "proven."
                    ),
                    _l(
                        "That is why health insurers usually do not pay for them. Always ask "
                        "your insurer first."
                    ),
                    _l("Every operation also has risks."),
                ),
            ),
            Section(
                _l("Ask your GP"),
                (
                    _l("Be careful with offers like these. Take your time."),
                    _l("Your GP is the right person to ask about them."),
                ),
            ),
        ),
    ),
    Page(
        "fellow-patients",
        _l("Fellow patients"),
        _l("Talking with people who know what back pain is like."),
        (
            Section(
                _l("Why it can help"),
                (
                    _l(
                        "It can be good to talk with other people who have back pain. They "
                        "know what you are going through."
                    ),
                    _l("They may also have useful tips for daily life."),
                ),
            ),
            Section(
                _l("Where to find them"),
                (
                    _l(
                        "You can meet fellow patients through a patient association for people "
                        "with back problems."
                    ),
                    _l("Your GP or physiotherapist can tell you which association fits you."),
                    _l("Reliable information from Dutch GPs is on the website Thuisarts.nl."),
                ),
            ),
        ),
    ),
)
