"""Information pages about care: fear and stress, the GP, the step plan, operations and
clinics, fellow patients. Our own plain words, facts from the leaflet and the guidelines.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from webapp.domain.phone import EMERGENCY
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
                    _l("Fear of pain can make people rest more than is good for them."),
                    _l("Resting a lot makes back pain last longer, not shorter."),
                    _l("It is normal to worry about your back. Talking about it helps."),
                ),
            ),
            Section(
                _l("Stress"),
                (
                    _l("Stress can make back pain worse."),
                    _l("Try to find out what causes your stress, and what lowers it."),
                    _l(
                        "Does the stress come from your work? Bring it up at work, for example "
                        "with the company doctor."
                    ),
                ),
            ),
            Section(
                _l("Who can help"),
                (
                    _l(
                        "Tell your GP about your worries. Together you look for what helps "
                        "against fear and tension."
                    ),
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
        _l("Signals that need a doctor: some now, some soon."),
        (
            Section(
                _l("Call 112 now"),
                (
                    _l(
                        "Are you over 40, or do you know that the main artery in your belly is "
                        "widened (an aneurysm)?"
                    ),
                    _l(
                        "And do you suddenly get very bad pain in your back or belly, and feel "
                        "faint, pale or sweaty? Then call 112 at once."
                    ),
                ),
                call=EMERGENCY,
                call_label=_l("Call 112"),
            ),
            Section(
                _l("Call your GP today"),
                (
                    _l("Do you notice one of these things? Then call your GP today."),
                    _l("In the evening, at night or at the weekend, call the huisartsenpost."),
                    _l("Your leg or legs become weak or numb, and this is new or getting worse."),
                    _l(
                        "You feel numb around your genitals, your bottom or the inside of your "
                        "thighs."
                    ),
                    _l("You have severe, shooting pain in one or both legs."),
                    _l("You cannot pass urine, or you cannot hold your urine or stools."),
                    _l(
                        "You recently had an operation on your back, a lumbar puncture or an "
                        "injection in your back."
                    ),
                    _l(
                        "You are over 40 and suddenly have very bad pain. It stays the same, "
                        "however you move or lie."
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
                    _l("The back pain you have now started before you were 20."),
                    _l(
                        "The pain is always there, whatever position you are in, or it is "
                        "bad at night."
                    ),
                    _l("You feel ill, or you lose weight without trying."),
                    _l(
                        "Your defence against infections is weak because of medicines or an "
                        "illness, or you inject drugs."
                    ),
                    _l("You recently had an infection, for example of your bladder or skin."),
                    _l("You have had cancer."),
                    _l("You have used corticosteroids, such as prednisone, for a long time."),
                    _l("You have brittle bones (osteoporosis), or you have become shorter."),
                    _l(
                        "You are over 50 and the pain started suddenly with little force, for "
                        "example when bending over."
                    ),
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
                        "These operations often do not bring the hoped-for result, and often it "
                        "is not proven that they help."
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
                    _l("Take your questions about them to your GP first."),
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
