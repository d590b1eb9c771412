/** JMH benchmarks (profile -Pbench): the event kernel's hold model and whole-run costs. */
package capsim.bench;
