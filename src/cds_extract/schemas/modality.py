"""Schema of ``patterns/modality.yaml`` (target / estimate cues and clause boundaries)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from . import PatternFile, Regex


class Cue(BaseModel):
    """One regex cue; ``example`` documents a phrase it must match."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pattern: Regex = Field(min_length=1)
    example: str | None = None


class ModalityFile(PatternFile):
    # Cues that make the rest of their clause a target on their own (`phấn đấu`).
    target: list[Cue] = Field(min_length=1)
    # Future markers after the value in its clause (`50% doanh nghiệp sẽ sử dụng …`).
    target_after: list[Cue] = Field(default_factory=list)
    # Cues that need a future frame in the same clause (`đảm bảo … đến năm 2025`).
    weak_target: list[Cue] = Field(default_factory=list)
    # Future frames that turn a weak cue into a target.
    future_frame: list[Cue] = Field(default_factory=list)
    estimate: list[Cue] = Field(min_length=1)
    # Where a clause ends: a cue never crosses one (`;`, ` - `, `, trong đó`).
    boundary: list[Cue] = Field(min_length=1)
    # A comma followed by one of these opens a new, factual clause (`, hiện nay đã …`).
    reset_after_comma: list[Cue] = Field(default_factory=list)
    # Matched (anchored with `$`) on the words just before a cue: `vượt kế hoạch`,
    # `hoàn thành mục tiêu` report a result, not a goal.
    cancel_before: list[Cue] = Field(default_factory=list)
