//! The adapter from the pure reducer (`crate::state`) to Yew, and the hooks
//! that give components the state or only its dispatcher.
//!
//! A component that reads the store is drawn again on every change of the
//! state. One that only dispatches (`use_dispatcher`, `use_dispatch`) and gets
//! its data as props is drawn again only when its props change: Yew compares
//! them, so an editor whose value did not change is left alone.

use std::rc::Rc;

use yew::prelude::*;

use crate::state::{reduce, Action, AppState};

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(reduce(&self, action))
    }
}

/// The state and its dispatcher, shared through a context.
pub type Store = UseReducerHandle<AppState>;

/// The dispatcher alone: the same value for the app's whole life, so that
/// its context never makes a component draw again.
pub type Dispatcher = UseReducerDispatcher<AppState>;

/// The store as the panels below the verdict draw it: one frame behind.
///
/// A keystroke's frame draws the editors, the verdict and the diagram; the
/// panels further down (what the script sees, the console lines, the fix,
/// the steps, reproducing it, the lessons and the course builder) are drawn
/// in a task after that frame is painted (`App` moves this store on). So a
/// keystroke is answered within its frame, and the rest of the page follows
/// in the next one (issue 7; docs/size.md, "Speed").
#[derive(Clone, PartialEq)]
pub struct Settled(pub Store);

/// The app's store. Every component is rendered inside `App`, which provides it.
#[hook]
pub fn use_store() -> Store {
    use_context::<Store>().expect("components are rendered inside App, which provides the store")
}

/// The store as of the last painted frame (`Settled`), for the panels below
/// the verdict.
#[hook]
pub fn use_settled_store() -> Store {
    use_context::<Settled>()
        .expect("components are rendered inside App, which provides the settled store")
        .0
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
