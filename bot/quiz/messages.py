"""Every string a quiz player sees, in one place, so a translation catalog can take them over.

Keys are stable ids; values are ``str.format`` templates. Question prompts are
keyed by the template that builds them (see :mod:`bot.quiz.generate`), labels by
the kind of answer they show. Nothing here names the series: the subject of a
question always comes from the knowledge file.
"""

from __future__ import annotations

# One prompt per question template; {subject} is filled from the knowledge.
PROMPTS: dict[str, str] = {
    "cast.played_by": "Who played {subject}?",
    "cast.role_of": "Which role did {subject} play?",
    "cast.relation": "What is {subject} to {other}?",
    "episodes.title_of": "What is the title of episode {subject}?",
    "episodes.titled": "Which episode is titled “{subject}”?",
    "episodes.aired_on": "Which episode first aired on {subject}?",
    "episodes.rating_of": "What audience rating did episode {subject} get?",
    "music.sung_by": "Who performs “{subject}”?",
    "music.used_as": "Which song is described as “{subject}”?",
    "music.track_number": "Which track of the original soundtrack is “{subject}”?",
    "music.composer": "Who composed the music of the original soundtrack?",
    "music.release_year": "In which year was “{subject}” released?",
    "production.credit": "Who is credited for “{subject}” on “{other}”?",
    "production.work_year": "In which year was “{subject}” first published or released?",
    "production.work_staff": "Who is credited for “{subject}” on “{other}”?",
    "episodes.staff": "Who is credited for “{subject}” on episode {other}?",
    "production.job_of": "What is {subject} credited for on the series?",
    "production.first_year": "In which year did the series first air?",
    "production.author": "Who wrote the original work the series is based on?",
    "production.award_year": "In which year did “{other}” win “{subject}”?",
    "special.aired_year": "In which year did “{subject}” first air?",
    "special.staff": "Who is credited for “{subject}” on “{other}”?",
    "episodes.plot": "In which episode does this happen? {subject}",
}

# What one character is to another, as an answer (RelationKind values).
RELATIONS: dict[str, str] = {
    "parent": "Parent",
    "child": "Child",
    "sibling": "Sibling",
    "spouse": "Spouse",
    "friend": "Friend",
    "classmate": "Classmate",
    "schoolmate": "Schoolmate",
    "teacher": "Teacher",
    "student": "Student",
    "doctor": "Doctor",
    "patient": "Patient",
    "colleague": "Colleague",
    "love-interest": "Love interest",
    "admirer": "Admirer",
    "admired": "Admired one",
    "senior": "Senior",
    "junior": "Junior",
    "roommate": "Roommate",
    "supplier": "Supplier",
    "customer": "Customer",
    "volunteer": "Volunteer",
    "helped": "Helped one",
    "pet": "Pet",
    "owner": "Owner",
}

# How an answer of each kind is shown on a button (Discord allows 80 characters).
LABELS: dict[str, str] = {
    "episode": "Episode {value}",
    "track": "Track {value}",
    "percent": "{value:.1f}%",
    "year": "{value}",
}

# Discord and terminal play.
RULES = (
    "The first correct answer wins the round: **2 points** within the first half of "
    "the time, **1 point** after. One answer per player per question."
)
RULES_PLAIN = (
    "Answer with 1-4. A correct answer scores 2 points in the first half of the time, 1 after."
)
START_TITLE = "Quiz"
QUIZ_TITLE = "Quiz: question {number} of {total}"
CLOSES = "Closes {when}."
QUESTION_FOOTER = "{seconds} s to answer · topic: {topic}"
STARTED = "A quiz of {rounds} questions starts now (topic: {topic}, difficulty: {difficulty})."
FEWER = "I only have {count} questions on that topic, so the quiz is shorter."
NOTHING_TO_ASK = "I have no questions on that topic yet."
ALREADY_RUNNING = "A quiz is already running in this channel. `/quiz stop` ends it."
GUILD_ONLY = "The quiz is played in a server channel."
NOT_RUNNING = "No quiz is running in this channel."
STOP_REFUSED = (
    "Only the player who started the quiz, or someone who can manage messages, can stop it."
)
STOPPED = "The quiz was stopped."
STOPPED_BY = "The quiz was stopped by {who}."
CANNOT_POST = "I can't post the questions in this channel, so the quiz has ended."
RESTARTED = "This quiz ended because the bot restarted. Scores already won are kept."
ENDED = "This quiz has ended."

CORRECT_FIRST = "Correct! +{points}"
WRONG = "Not that one."
TOO_LATE = "Too late: this question is closed."
ALREADY_WON = "Someone was quicker: the round is already won."
ALREADY_ANSWERED = "You already answered this question."
NOT_CURRENT = "That question is closed."

REVEAL_WON = "**{winner}** got it first (+{points})."
REVEAL_NOBODY = "Nobody got it."
ANSWER_WAS = "The answer: **{answer}**"
SOURCE = "Source: {sources}"

SUMMARY_TITLE = "Quiz over"
SUMMARY_LINE = "{rank}. {who}: {points}"
SUMMARY_NOBODY = "Nobody scored this time."
SUMMARY_FOOTER = "{asked} questions · /quiz leaderboard for the all-time scores"

LEADERBOARD_TITLE = "Quiz leaderboard ({period})"
LEADERBOARD_EMPTY = "Nobody has scored yet."
LEADERBOARD_YOU = "You: #{rank} with {points} points"
LEADERBOARD_YOU_NONE = "You have no points yet."
LEADERBOARD_PAGE = "Page {page}"
LEADERBOARD_PREVIOUS = "Previous"
LEADERBOARD_NEXT = "Next"
SCORES_UNAVAILABLE = "The scores can't be read right now. Please try again later."
PERIODS: dict[str, str] = {"all": "all time", "month": "last 30 days", "week": "last 7 days"}

# Terminal play (`namida quiz`).
CONSOLE_INTRO = "Quiz: {rounds} questions (topic: {topic}). Type 1-4 and Enter; q quits."
CONSOLE_PROMPT = "your answer (1-4)> "
CONSOLE_CORRECT = "Correct! +{points}"
CONSOLE_WRONG = "No: the answer was {number}. {answer}"
CONSOLE_SCORE = "You scored {points} of {possible} points ({right} of {asked} right)."
CONSOLE_BAD_INPUT = "Type a number from 1 to 4 (or q to quit)."
