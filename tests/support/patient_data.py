"""A patient with a row in every table of patient data: the privacy tests' test data."""

from __future__ import annotations

from datetime import time, timedelta

from webapp.models import (
    AuditEvent,
    CheckpointMention,
    Comparison,
    Episode,
    ExternalScore,
    Flag,
    FunctioningActivity,
    FunctioningScore,
    Invitation,
    ItemLog,
    LdfChoice,
    LoginSession,
    LogReceipt,
    Measurement,
    Message,
    OutboxEmail,
    OutboxStatus,
    PasswordReset,
    Plan,
    PlanChange,
    PlanItem,
    PlanSchedule,
    PlanWeek,
    PushSubscription,
    QuizResult,
    ReminderSettings,
    Screening,
    SessionLog,
    SessionStatus,
    User,
    Video,
    VideoAudience,
    VideoSource,
    VideoViewer,
    WeeklyCheck,
)


def fill(db, user: User, physio: User, exercise, now, tag: str) -> None:
    """Give the patient rows in every table of patient data, with their name in the texts."""
    plan = Plan(
        patient_id=user.id,
        author_id=physio.id,
        start_date=now.date(),
        reminder_time=time(8, 0),
        created_at=now,
    )
    db.add(plan)
    db.flush()
    item = PlanItem(plan_id=plan.id, exercise_id=exercise.id, amount=5)
    db.add_all([item, PlanWeek(plan_id=plan.id, week=0, starts_on=now.date())])
    db.add(
        PlanSchedule(
            plan_id=plan.id,
            starts_on=now.date() + timedelta(days=7),
            weekdays=21,
            reminder_time=time(18, 0),
        )
    )
    db.add(
        PlanChange(
            plan_id=plan.id,
            author_id=physio.id,
            kind="created",
            note=f"Plan for {user.name}",
            created_at=now,
        )
    )
    log = SessionLog(
        patient_id=user.id,
        plan_id=plan.id,
        local_date=now.date(),
        status=SessionStatus.DONE,
        pain=3,
        note=f"{tag} felt fine",
        created_at=now,
        updated_at=now,
    )
    db.add(log)
    db.flush()
    db.add(ItemLog(session_log_id=log.id, plan_item_id=item.id, amount=5))
    db.add(
        PushSubscription(
            user_id=user.id,
            endpoint=f"https://push.example.org/{tag}",
            p256dh=f"{tag}-browser-key",
            auth=f"{tag}-auth",
            created_at=now,
        )
    )
    db.add(
        LogReceipt(
            patient_id=user.id,
            client_id=f"{tag}-0000-4000-8000-phone",
            session_log_id=log.id,
            received_at=now,
        )
    )
    db.add(
        WeeklyCheck(
            patient_id=user.id,
            plan_id=plan.id,
            week=0,
            pain=4,
            comparison=Comparison.BETTER,
            note=f"{tag} week",
            created_at=now,
        )
    )
    episode = Episode(
        patient_id=user.id,
        started_on=now.date(),
        intake_answers={"stress": "yes"},
        profile_note=f"{tag} profile",
        created_at=now,
    )
    db.add(episode)
    db.flush()
    db.add(
        Measurement(
            episode_id=episode.id, moment="intake", pain=5, recorded_on=now.date(), created_at=now
        )
    )
    db.add(
        ExternalScore(
            episode_id=episode.id,
            instrument="odi",
            total=30,
            measured_on=now.date(),
            created_at=now,
        )
    )
    db.add(LdfChoice(patient_id=user.id, opted_in=True, changed_at=now))
    activity = FunctioningActivity(
        patient_id=user.id,
        episode_id=episode.id,
        position=1,
        name=f"{tag} gardening",
        created_at=now,
    )
    db.add(activity)
    db.flush()
    db.add(
        FunctioningScore(activity_id=activity.id, moment="intake", score=4, recorded_on=now.date())
    )
    db.add(ReminderSettings(user_id=user.id))
    db.add(QuizResult(user_id=user.id, score=4, answers={"rest": "b"}, taken_at=now))
    db.add(CheckpointMention(user_id=user.id, checkpoint="week-6", mentioned_at=now))
    db.add_all(
        [
            Message(
                patient_id=user.id,
                author_id=user.id,
                body=f"Hello, {user.name} here",
                created_at=now,
            ),
            Message(
                patient_id=user.id, author_id=physio.id, body=f"{tag} keep going", created_at=now
            ),
        ]
    )
    db.add(
        Screening(
            patient_id=user.id,
            trigger="registration",
            answers={"fever": False},
            age_band="18-49",
            outcome="clear",
            reasons=[],
            created_at=now,
        )
    )
    db.add(
        Flag(
            patient_id=user.id,
            plan_id=plan.id,
            kind="pain_high",
            detail=f"{tag} pain 8",
            raised_at=now,
        )
    )
    db.add(
        Invitation(
            physio_id=physio.id,
            email=user.email,
            name=user.name,
            token_hash=f"{tag}-invite".ljust(64, "0"),
            created_at=now,
            expires_at=now + timedelta(days=7),
            used_at=now,
            used_by_id=user.id,
        )
    )
    db.add(
        PasswordReset(
            user_id=user.id,
            token_hash=f"{tag}-reset".ljust(64, "0"),
            created_at=now,
            expires_at=now + timedelta(hours=1),
        )
    )
    db.add(
        LoginSession(
            user_id=user.id,
            token_hash=f"{tag}-session".ljust(64, "0"),
            user_agent="Firefox",
            ip="192.0.2.1",
            created_at=now,
            last_seen_at=now,
        )
    )
    for status in (OutboxStatus.PENDING, OutboxStatus.SENT):
        db.add(
            OutboxEmail(
                idempotency_key=f"{tag}:{status}",
                user_id=user.id,
                kind="daily",
                to_address=user.email,
                subject=f"Hello {user.name}",
                text_body=f"Dear {user.name}",
                html_body=f"<p>Dear {user.name}</p>",
                message_id=f"<{tag}{status}@example.org>",
                status=status,
                next_attempt_at=now,
                created_at=now,
            )
        )
    db.add_all(
        [
            AuditEvent(
                actor_id=physio.id,
                actor_role="physio",
                actor_name=physio.name,
                subject_id=user.id,
                action="view_patient",
                created_at=now,
            ),
            AuditEvent(
                actor_id=user.id,
                actor_role="patient",
                actor_name=user.name,
                subject_id=user.id,
                action="physio.linked",
                created_at=now,
                detail=f"invitation to {user.email} accepted",
            ),
            AuditEvent(
                actor_id=physio.id,
                actor_role="physio",
                actor_name=physio.name,
                subject_id=None,
                action="invitation.sent",
                created_at=now,
                detail=f"invitation to {user.email}",
            ),
        ]
    )
    # The physio chose this patient to see one of their own videos.
    video = Video(
        exercise_id=exercise.id,
        source=VideoSource.UPLOAD,
        uploaded_by_id=physio.id,
        audience=VideoAudience.CHOSEN.value,
        created_at=now,
        updated_at=now,
    )
    db.add(video)
    db.flush()
    db.add(VideoViewer(video_id=video.id, patient_id=user.id))
    db.commit()
