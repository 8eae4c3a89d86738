/// A state the engine can store: equality plus a well-mixed 64-bit hash.
///
/// The engine keeps 32 bits of the fingerprint in its hash table to skip
/// most full comparisons, so all 64 bits should depend on every field.
public protocol Fingerprinted: Equatable {
  var fingerprint: UInt64 { get }
}

/// A finite transition system: the model side of a check.
///
/// `Label` names a transition (an action and whatever the model wants a
/// trace to show of it). Successors must be a pure function of the state:
/// the same state always yields the same labelled successors in the same
/// order, which is what makes counts and traces reproducible.
public protocol TransitionSystem {
  associatedtype State: Fingerprinted
  associatedtype Label

  /// The initial states, in a fixed order.
  func initialStates() -> [State]

  /// Calls `body` once per enabled transition out of `state`, in a fixed
  /// order. Self-loops (a transition back to `state`) may be included:
  /// reachability ignores them, but fairness and deadlock detection need
  /// them to know which actions are enabled.
  func forEachSuccessor(of state: State, _ body: (Label, State) -> Void)

  /// Whether a state with no enabled transition is a proper end (not a
  /// deadlock).
  func isProperEnd(_ state: State) -> Bool
}

extension TransitionSystem {
  public func isProperEnd(_ state: State) -> Bool { false }
}
