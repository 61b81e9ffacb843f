//! The adapter from the pure reducer (`corsim_app::state`) to Yew, and the hooks
//! that give components the state or only its dispatcher.
//!
//! A component that reads the store is drawn again on every change of the
//! state. One that only dispatches (`use_dispatcher`, `use_dispatch`) and gets
//! its data as props is drawn again only when its props change: Yew compares
//! them, so an editor whose value did not change is left alone.

use std::rc::Rc;

use yew::prelude::*;

use corsim_app::state::{reduce, Action, AppState};

/// The app's state as Yew's reducer holds it. `Reducible` is Yew's and
/// `AppState` is corsim-app's, which knows nothing of Yew, so the adapter
/// is a type of this crate; it reads as the `AppState` it wraps.
#[derive(PartialEq)]
pub struct State(AppState);

impl State {
    pub fn new(state: AppState) -> State {
        State(state)
    }
}

impl std::ops::Deref for State {
    type Target = AppState;

    fn deref(&self) -> &AppState {
        &self.0
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(State(reduce(&self.0, action)))
    }
}

/// The state and its dispatcher, shared through a context.
pub type Store = UseReducerHandle<State>;

/// The dispatcher alone: the same value for the app's whole life, so that
/// its context never makes a component draw again.
pub type Dispatcher = UseReducerDispatcher<State>;

/// The app's store. Every component is rendered inside `App`, which provides it.
#[hook]
pub fn use_store() -> Store {
    use_context::<Store>().expect("components are rendered inside App, which provides the store")
}

/// The state as the panels below the verdict draw it: one frame behind, with
/// the store's dispatcher.
///
/// A keystroke's render draws the editors, the verdict and the diagram; the
/// panels further down (what the script sees, the console lines, the fix,
/// the steps, reproducing it, the origin table, the lessons, the gallery and
/// the course builder) are drawn from this, which `App` moves on (`later::settle`) in a task
/// after the frame that shows the change is painted. So a keystroke is
/// answered within its frame, and the rest of the page follows in the next
/// one (docs/size.md, "Speed").
///
/// It holds its own copy of the state: a [`Store`] handle always reads the
/// latest state, whenever it was taken.
#[derive(Clone)]
pub struct Settled {
    state: Rc<AppState>,
    store: Store,
}

impl Settled {
    /// The store's state as it is now.
    pub fn of(store: &Store) -> Settled {
        Settled {
            state: Rc::new(AppState::clone(store)),
            store: store.clone(),
        }
    }

    pub fn dispatch(&self, action: Action) {
        self.store.dispatch(action);
    }

    /// The state as it is at this moment, for what a button does: the panel
    /// shows the state of the last frame, but a press acts on what the
    /// editors hold when it happens (a preset chosen and "Run it for real"
    /// pressed within one frame runs the new preset).
    pub fn now(&self) -> &AppState {
        &self.store
    }
}

impl std::ops::Deref for Settled {
    type Target = AppState;

    fn deref(&self) -> &AppState {
        &self.state
    }
}

/// A new copy is a new state to draw: comparing the copies themselves would
/// cost more than drawing the panels once a frame.
impl PartialEq for Settled {
    fn eq(&self, other: &Settled) -> bool {
        Rc::ptr_eq(&self.state, &other.state)
    }
}

/// The state a frame behind (`Settled`), for the panels below the verdict.
#[hook]
pub fn use_settled() -> Settled {
    use_context::<Settled>()
        .expect("the panels below the verdict are rendered inside App's settled provider")
}

/// The store's dispatcher, for components that change the state but do not
/// read it.
#[hook]
pub fn use_dispatcher() -> Dispatcher {
    use_context::<Dispatcher>()
        .expect("components are rendered inside App, which provides the dispatcher")
}

/// A callback that dispatches the action made from its input. It is the same
/// callback on every render (`make` cannot capture anything that could
/// change), so the props it is passed in compare equal.
#[hook]
pub fn use_dispatch<T: 'static>(make: fn(T) -> Action) -> Callback<T> {
    let dispatcher = use_dispatcher();
    (*use_memo((), move |_| {
        Callback::from(move |input: T| dispatcher.dispatch(make(input)))
    }))
    .clone()
}
