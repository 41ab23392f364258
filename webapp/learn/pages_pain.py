"""Information pages about the pain itself: what it is, what is true, what to expect, relief,
building up. Our own plain words, facts from the leaflet and the guidelines (CLINICAL.md).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from webapp.learn.page import Page, Section

PAGES: tuple[Page, ...] = (
    Page(
        "what-is-it",
        _l("What is non-specific low back pain?"),
        _l("Pain in the lower back without a clear cause. Common, and rarely serious."),
        (
            Section(
                _l("Pain in the lower back"),
                (
                    _l("Low back pain is pain between your lowest ribs and your buttocks."),
                    _l("Almost everyone has it at some time in their life."),
                    _l("For some people it happens once. For others it comes back now and then."),
                ),
            ),
            Section(
                _l('What "non-specific" means'),
                (
                    _l(
                        'Doctors say "non-specific" when they cannot point to one cause of the '
                        "pain."
                    ),
                    _l(
                        "That is true for about 9 in 10 people with low back pain. Nothing in "
                        "their back is broken or ill."
                    ),
                    _l(
                        "The pain can still be very bad. That does not mean something serious "
                        "is going on."
                    ),
                ),
            ),
            Section(
                _l("When there is a cause"),
                (
                    _l(
                        "In about 1 in 10 people, doctors do find a clear cause. Examples are a "
                        "herniated disc or a narrowed spinal canal."
                    ),
                    _l(
                        "Your GP asks questions and may examine you, to find out which kind of "
                        "back pain you have."
                    ),
                    _l(
                        "An X-ray or scan usually tells nothing new in non-specific back pain. "
                        "That is why it is rarely done."
                    ),
                ),
            ),
            Section(
                _l("What makes back pain more likely"),
                (
                    _l(
                        "Lots of lifting, heavy physical work, and working for long periods "
                        "with a bent or twisted back."
                    ),
                    _l(
                        "Too little exercise, being overweight, stress, and long hours of "
                        "driving may also play a part."
                    ),
                ),
            ),
        ),
    ),
    Page(
        "misconceptions",
        _l("Three misconceptions"),
        _l("What many people believe about back pain, and what is true instead."),
        (
            Section(
                _l('"There must be a clear cause"'),
                (
                    _l("Many people think their back pain must have a clear cause."),
                    _l("In about 9 out of 10 people, there is no clear cause."),
                    _l("Looking for one with a scan usually does not help you get better."),
                ),
            ),
            Section(
                _l('"Severe pain means damage"'),
                (
                    _l(
                        "Back pain can hurt a lot. Many people then fear that something in "
                        "their back is broken."
                    ),
                    _l(
                        "That is almost never the case. How much it hurts does not tell you how "
                        "much is damaged."
                    ),
                    _l("For most people, moving is safe for the back, also when it hurts."),
                ),
            ),
            Section(
                _l('"Rest is best"'),
                (
                    _l("Many people take it easy, move less, or even stay in bed."),
                    _l("Staying active is better. Bed rest slows your recovery down."),
                    _l(
                        "Carry on with your daily life and your work as far as you can. That "
                        "way you recover sooner."
                    ),
                ),
            ),
        ),
    ),
    Page(
        "what-to-expect",
        _l("What to expect"),
        _l("How back pain usually goes: days, weeks, and what if it stays."),
        (
            Section(
                _l("The first days"),
                (
                    _l("Back pain often goes away by itself, often within a few days."),
                    _l("The pain can be bad, especially with some movements. That is normal."),
                ),
            ),
            Section(
                _l("After 4 to 6 weeks"),
                (
                    _l(
                        "Sometimes it takes longer. For 9 out of 10 people, most of the pain "
                        "is gone within 4 to 6 weeks."
                    ),
                    _l(
                        "Back pain can come back later. That is common too, and usually not "
                        "serious."
                    ),
                ),
            ),
            Section(
                _l("If little has changed after about 4 weeks"),
                (
                    _l(
                        "Go to your GP. Together you can make a step plan, so that you slowly "
                        "do more again."
                    ),
                    _l("The goal is to do again what you did before the back pain."),
                ),
            ),
            Section(
                _l("If the pain stays longer than 3 months"),
                (
                    _l(
                        "Some people still have pain after 3 months. Doctors then call the "
                        "pain chronic."
                    ),
                    _l(
                        "Your GP looks with you for ways to live with the pain. A behavioural "
                        "therapist can help with that too."
                    ),
                    _l(
                        "If that is not enough, a rehabilitation centre may help. There a team "
                        "helps you learn to live and move with the pain."
                    ),
                ),
            ),
            Section(
                _l("What Rugcoach does"),
                (
                    _l(
                        "If you tell Rugcoach when your pain started, your Today page shows "
                        "these moments when they come."
                    ),
                    _l(
                        "Rugcoach does not decide anything for you. Your GP and "
                        "physiotherapist do that with you."
                    ),
                ),
            ),
        ),
    ),
    Page(
        "pain-relief",
        _l("Pain relief"),
        _l("Paracetamol for severe pain, and ask your GP or pharmacist."),
        (
            Section(
                _l("Paracetamol"),
                (
                    _l("If the pain is severe, you can take paracetamol."),
                    _l("Read the leaflet in the box. Do not take more than it says."),
                ),
            ),
            Section(
                _l("Ask first"),
                (
                    _l("Ask your GP which painkiller suits you and how much you may take."),
                    _l(
                        "Your pharmacist can also tell you what is right for you, and whether "
                        "it works with your other medicines."
                    ),
                    _l(
                        "Other painkillers can have more side effects. Only use them after "
                        "talking with your GP or pharmacist."
                    ),
                ),
            ),
            Section(
                _l("Keep moving"),
                (
                    _l("A painkiller does not make your back heal faster."),
                    _l("What does help: keep doing your daily things as much as you can."),
                ),
            ),
        ),
    ),
    Page(
        "building-up",
        _l("Building up on a fixed schedule"),
        _l("Why your plan sets the amounts in advance, and why pain does not change them."),
        (
            Section(
                _l("The idea"),
                (
                    _l(
                        "First you measure how much you can do now. Your plan starts a little "
                        "below that."
                    ),
                    _l("Each week the amount goes up a little, as agreed in advance."),
                    _l(
                        "The plan decides how much you do, not the pain of the day. This is "
                        "called graded activity."
                    ),
                ),
            ),
            Section(
                _l("Why the amount stays the same on bad days"),
                (
                    _l(
                        "On a bad day, do the amount your plan asks. It is chosen so that you "
                        "can manage it."
                    ),
                    _l(
                        "On a good day, do not do more. Doing a lot on good days often leads to "
                        "days when you can do very little."
                    ),
                    _l("The idea is that a steady amount helps you learn that moving is safe."),
                ),
            ),
            Section(
                _l("Some extra pain at first"),
                (
                    _l("Your pain may go up a little at first. That is normal when you do more."),
                    _l("Extra pain that settles within half a day is fine."),
                    _l(
                        "If the pain is very bad or you notice new symptoms, contact your GP "
                        "or physiotherapist."
                    ),
                ),
            ),
            Section(
                _l("What the research says"),
                (
                    _l(
                        "Studies show that building up like this helps a little on average. "
                        "It is not a cure."
                    ),
                    _l(
                        "The Dutch GP guideline does not call the fixed schedule proven. It is "
                        "one good way to stay active, not the only one."
                    ),
                    _l("Setting your own goal with your physiotherapist seems to help more."),
                ),
            ),
        ),
    ),
)
