#!/usr/bin/env python3
"""Runs shared/bench/gen_corpus.py with one function made linear, for the
million-event corpus: the same files, byte for byte.

gen_corpus.py picks each event's actors with `random.choices(ids,
weights=...)`, which sums the weights of every actor on every call: at a
million events (50,000 actors, three picks an event) that is 1.5e11
additions, hours of Python. Giving `choices` the running sums once
(`cum_weights=`) makes exactly the same draws, as `choices` computes the
same sums itself, so the corpus is unchanged: checked by `diff -r` against
gen_corpus.py's own output at 10,000 events.

    bench/gen_fast.py GEN_CORPUS_PY --events N [gen_corpus.py's options]
"""

import importlib.util
import itertools
import sys


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    spec = importlib.util.spec_from_file_location("gen_corpus", sys.argv[1])
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    make_actors = gen.Model.make_actors

    def make_actors_once(self):
        make_actors(self)
        self.actor_cum_weights = list(itertools.accumulate(self.actor_weights))

    def pick_actors(self, k):
        chosen = []
        while len(chosen) < k:
            a = self.rng.choices(self.actor_ids, cum_weights=self.actor_cum_weights)[0]
            if a not in chosen:
                chosen.append(a)
        return chosen

    gen.Model.make_actors = make_actors_once
    gen.Model.pick_actors = pick_actors
    return gen.main(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
