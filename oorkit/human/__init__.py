"""Human motion with two objects (paper Sec. 5): a body model, a pose prior, grasps and motion synthesis."""

from oorkit.human.motion import MotionOptions, MotionResult, StartPose, reach_cost, synthesize_motion

__all__ = ["MotionOptions", "MotionResult", "StartPose", "reach_cost", "synthesize_motion"]
