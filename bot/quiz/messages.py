"""Every string a quiz player sees, in one place, so a translation catalog can take them over.

Keys are stable ids; values are ``str.format`` templates. Question prompts are
keyed by the template that builds them (see :mod:`bot.quiz.generate`), labels by
the kind of answer they show. Nothing here names the series: the subject of a
question always comes from the knowledge file.
"""

from __future__ import annotations

from bot.i18n import N_

# One prompt per question template; {subject} is filled from the knowledge.
PROMPTS: dict[str, str] = {
    "cast.played_by": N_("Who played {subject}?"),
    "cast.role_of": N_("Which role did {subject} play?"),
    "cast.relation": N_("What is {subject} to {other}?"),
    "episodes.title_of": N_("What is the title of episode {subject}?"),
    "episodes.titled": N_("Which episode is titled “{subject}”?"),
    "episodes.aired_on": N_("Which episode first aired on {subject}?"),
    "episodes.rating_of": N_("What audience rating did episode {subject} get?"),
    "music.sung_by": N_("Who performs “{subject}”?"),
    "music.used_as": N_("Which song is described as “{subject}”?"),
    "music.track_number": N_("Which track of the original soundtrack is “{subject}”?"),
    "music.composer": N_("Who composed the music of the original soundtrack?"),
    "music.release_year": N_("In which year was “{subject}” released?"),
    "production.credit": N_("Who is credited for “{subject}” on “{other}”?"),
    "production.work_year": N_("In which year was “{subject}” first published or released?"),
    "production.work_staff": N_("Who is credited for “{subject}” on “{other}”?"),
    "episodes.staff": N_("Who is credited for “{subject}” on episode {other}?"),
    "production.job_of": N_("What is {subject} credited for on the series?"),
    "production.first_year": N_("In which year did the series first air?"),
    "production.author": N_("Who wrote the original work the series is based on?"),
    "production.award_year": N_("In which year did “{other}” win “{subject}”?"),
    "special.aired_year": N_("In which year did “{subject}” first air?"),
    "special.staff": N_("Who is credited for “{subject}” on “{other}”?"),
    "episodes.plot": N_("In which episode does this happen? {subject}"),
}

# What one character is to another, as an answer (RelationKind values).
RELATIONS: dict[str, str] = {
    "parent": N_("Parent"),
    "child": N_("Child"),
    "sibling": N_("Sibling"),
    "spouse": N_("Spouse"),
    "friend": N_("Friend"),
    "classmate": N_("Classmate"),
    "schoolmate": N_("Schoolmate"),
    "teacher": N_("Teacher"),
    "student": N_("Student"),
    "doctor": N_("Doctor"),
    "patient": N_("Patient"),
    "colleague": N_("Colleague"),
    "love-interest": N_("Love interest"),
    "admirer": N_("Admirer"),
    "admired": N_("Admired one"),
    "senior": N_("Senior"),
    "junior": N_("Junior"),
    "roommate": N_("Roommate"),
    "supplier": N_("Supplier"),
    "customer": N_("Customer"),
    "volunteer": N_("Volunteer"),
    "helped": N_("Helped one"),
    "pet": N_("Pet"),
    "owner": N_("Owner"),
}

# How an answer of each kind is shown on a button (Discord allows 80 characters).
LABELS: dict[str, str] = {
    "episode": N_("Episode {value}"),
    "track": N_("Track {value}"),
    "percent": N_("{value:.1f}%"),
    "year": N_("{value}"),
}

# Discord and terminal play.
RULES = N_(
    "The first correct answer wins the round: **2 points** within the first half of "
    "the time, **1 point** after. One answer per player per question."
)
RULES_PLAIN = N_(
    "Answer with 1-4. A correct answer scores 2 points in the first half of the time, 1 after."
)
START_TITLE = N_("Quiz")
QUIZ_TITLE = N_("Quiz: question {number} of {total}")
CLOSES = N_("Closes {when}.")
QUESTION_FOOTER = N_("{seconds} s to answer · topic: {topic}")
STARTED = N_("A quiz of {rounds} questions starts now (topic: {topic}, difficulty: {difficulty}).")
FEWER = N_("I only have {count} questions on that topic, so the quiz is shorter.")
NOTHING_TO_ASK = N_("I have no questions on that topic yet.")
ALREADY_RUNNING = N_("A quiz is already running in this channel. `/quiz stop` ends it.")
GUILD_ONLY = N_("The quiz is played in a server channel.")
NOT_RUNNING = N_("No quiz is running in this channel.")
STOP_REFUSED = N_(
    "Only the player who started the quiz, or someone who can manage messages, can stop it."
)
STOPPED = N_("The quiz was stopped.")
STOPPED_BY = N_("The quiz was stopped by {who}.")
CANNOT_POST = N_("I can't post the questions in this channel, so the quiz has ended.")
RESTARTED = N_("This quiz ended because the bot restarted. Scores already won are kept.")
ENDED = N_("This quiz has ended.")

CORRECT_FIRST = N_("Correct! +{points}")
WRONG = N_("Not that one.")
TOO_LATE = N_("Too late: this question is closed.")
ALREADY_WON = N_("Someone was quicker: the round is already won.")
ALREADY_ANSWERED = N_("You already answered this question.")
NOT_CURRENT = N_("That question is closed.")

REVEAL_WON = N_("**{winner}** got it first (+{points}).")
REVEAL_NOBODY = N_("Nobody got it.")
ANSWER_WAS = N_("The answer: **{answer}**")
SOURCE = N_("Source: {sources}")

SUMMARY_TITLE = N_("Quiz over")
SUMMARY_LINE = N_("{rank}. {who}: {points}")
SUMMARY_NOBODY = N_("Nobody scored this time.")
SUMMARY_FOOTER = N_("{asked} questions · /quiz leaderboard for the all-time scores")

LEADERBOARD_TITLE = N_("Quiz leaderboard ({period})")
LEADERBOARD_EMPTY = N_("Nobody has scored yet.")
# The asker's own line under the board ({who} is their mention).
LEADERBOARD_ASKER = N_("{who}: You: #{rank} with {points} points")
LEADERBOARD_ASKER_NONE = N_("{who}: You have no points yet.")
LEADERBOARD_PAGE = N_("Page {page}")
LEADERBOARD_PREVIOUS = N_("Previous")
LEADERBOARD_NEXT = N_("Next")
SCORES_UNAVAILABLE = N_("The scores can't be read right now. Please try again later.")
PERIODS: dict[str, str] = {
    "all": N_("all time"),
    "month": N_("last 30 days"),
    "week": N_("last 7 days"),
}
# The choices of /quiz start, by Topic and Difficulty value.
TOPICS: dict[str, str] = {
    "all": N_("all"),
    "cast": N_("cast"),
    "episodes": N_("episodes"),
    "music": N_("music"),
    "special": N_("special"),
    "production": N_("production"),
}
DIFFICULTIES: dict[str, str] = {"easy": N_("easy"), "normal": N_("normal"), "hard": N_("hard")}

# Terminal play (`namida quiz`).
CONSOLE_INTRO = N_("Quiz: {rounds} questions (topic: {topic}). Type 1-4 and Enter; q quits.")
CONSOLE_PROMPT = N_("your answer (1-4)> ")
CONSOLE_CORRECT = N_("Correct! +{points}")
CONSOLE_WRONG = N_("No: the answer was {number}. {answer}")
CONSOLE_SCORE = N_("You scored {points} of {possible} points ({right} of {asked} right).")
CONSOLE_NONE_ANSWERED = N_("No question was answered, so nothing was scored.")
CONSOLE_BAD_INPUT = N_("Type a number from 1 to 4 (or q to quit).")
