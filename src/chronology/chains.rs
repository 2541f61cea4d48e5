//! Tit-for-tat chains: the connected components of the `responds_to` graph,
//! found with a union–find in near-linear time.

use crate::resolve::{Library, after_triggers};

/// The chains of two or more events linked by `responds_to`.
#[derive(Debug, Default)]
pub(crate) struct Chains {
    /// Each chain's events in chronological order; chains ordered by their
    /// first event.
    pub list: Vec<Vec<usize>>,
    /// Per event: its chain (index into `list`) and its position in it.
    pub of: Vec<Option<(usize, usize)>>,
}

impl Chains {
    /// Finds every chain of the library.
    pub(crate) fn of(lib: &Library) -> Chains {
        let n = lib.events.len();
        let mut sets = UnionFind::new(n);
        for (trigger, responses) in lib.responded_by.iter().enumerate() {
            for &r in responses {
                sets.union(trigger, r);
            }
        }
        let mut chain_of_root: Vec<Option<usize>> = vec![None; n];
        let mut chains = Chains {
            list: Vec::new(),
            of: vec![None; n],
        };
        // Events are in chronological order, so chains are numbered in the
        // order of their first event.
        for i in 0..n {
            let root = sets.find(i);
            if sets.size[root] < 2 {
                continue;
            }
            let c = *chain_of_root[root].get_or_insert_with(|| {
                chains.list.push(Vec::new());
                chains.list.len() - 1
            });
            chains.list[c].push(i);
        }
        // Within a chain, every response comes after what it answers, even
        // when its date sorts first (a month before its own days).
        for (c, events) in chains.list.iter_mut().enumerate() {
            *events = after_triggers(events, |i| {
                lib.events[i]
                    .responds_to
                    .iter()
                    .filter_map(|t| lib.event(t))
                    .collect()
            });
            for (p, &i) in events.iter().enumerate() {
                chains.of[i] = Some((c, p));
            }
        }
        chains
    }
}

/// Disjoint sets with path halving and union by size.
struct UnionFind {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a;
        self.size[a] += self.size[b];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chronology::testing::library;

    #[test]
    fn branching_responses_form_one_chain_in_time_order() {
        // r1 and r2 both answer t; r3 answers r1 and x; y stands alone;
        // p answers q: a second chain.
        let lib = library(
            "t,T,2020-01-01,,,strike,5,,,\n\
             x,X,2020-01-02,,,strike,3,,,\n\
             r1,R1,2020-01-03,,,strike,7,,t,\n\
             r2,R2,2020-01-04,,,strike,2,,t,\n\
             y,Y,2020-01-05,,,strike,2,,,\n\
             q,Q,2020-02,,,threat,3,,,\n\
             r3,R3,2020-02-10,,,strike,8,,r1;x,\n\
             p,P,2020-02-11,,,strike,4,,q,\n\
             m,M,2020-03,,,strike,4,,z,\n\
             z,Z,2020-03-05,,,strike,4,,,\n\
             b,B,2020-04-01,,,strike,4,,a,\n\
             a,A,2020-04-01,,,strike,4,,,",
        );
        // On the same day, a response follows its trigger whatever the ids.
        let order: Vec<&str> = lib.events.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(order[order.len() - 2..], ["a", "b"]);
        let chains = Chains::of(&lib);
        let ids = |c: &Vec<usize>| -> Vec<&str> {
            c.iter().map(|&i| lib.events[i].id.as_str()).collect()
        };
        let list: Vec<Vec<&str>> = chains.list.iter().map(ids).collect();
        assert_eq!(
            list,
            [
                vec!["t", "x", "r1", "r2", "r3"],
                vec!["q", "p"],
                vec!["z", "m"],
                vec!["a", "b"]
            ]
        );
        assert_eq!(chains.of[lib.event("y").unwrap()], None);
        assert_eq!(chains.of[lib.event("r3").unwrap()], Some((0, 4)));
        assert_eq!(chains.of[lib.event("p").unwrap()], Some((1, 1)));
    }
}
