package dev.kafkachatops.plan.flow;

import java.util.Arrays;

/**
 * Minimum-cost flow on an explicit network with integer capacities and non-negative integer costs.
 *
 * <p>Algorithm (primal-dual): keep node potentials {@code pi} so that every residual arc has a non-negative
 * reduced cost {@code cost + pi[u] - pi[v]}. Repeat: (1) Dijkstra from the source on reduced costs; stop when the
 * sink is unreachable; (2) raise each node's potential by {@code min(dist, dist[sink])}, which makes every
 * shortest path consist of zero-reduced-cost ("admissible") arcs; (3) push a maximum flow through the admissible
 * arcs with Dinic's blocking flows (BFS levels, then depth-first augmentation with current-arc pointers). Each
 * phase augments along shortest paths only, so the flow stays of minimum cost for its value; with small costs
 * (0/1 here) there are only a few phases however large the flow.
 *
 * <p>Nodes the search does not reach get {@code dist[sink]} as well, which keeps every residual arc's reduced cost
 * non-negative, everywhere. So the final potentials are an optimal solution of the dual linear program, and
 * {@link #dualBound} turns them into a lower bound on the cost of any flow of the same value: a certificate of
 * optimality that does not rely on the search being right.
 *
 * <p>Edges are added first, then {@link #run} lays the arcs out contiguously per node (for memory locality on
 * networks of millions of arcs); the network is solved once.
 */
public final class MinCostFlow {
    private static final long INF = Long.MAX_VALUE / 4;

    private final int nodes;
    private int arcCount;
    private int[] from;
    private int[] to;
    private int[] cap;
    private long[] cost;
    private int[] first;
    private int[] rev;
    private int[] pos;
    private boolean[] forward;
    private long[] pi;
    private boolean built;

    public MinCostFlow(int nodes, int expectedEdges) {
        this.nodes = nodes;
        int n = Math.max(4, 2 * expectedEdges);
        from = new int[n];
        to = new int[n];
        cap = new int[n];
        cost = new long[n];
    }

    /** Adds an edge and returns its id, for {@link #flow(int)}. */
    public int addEdge(int u, int v, int capacity, long edgeCost) {
        if (built) throw new IllegalStateException("network already laid out");
        if (capacity < 0 || edgeCost < 0) throw new IllegalArgumentException("negative capacity or cost");
        if (u < 0 || u >= nodes || v < 0 || v >= nodes) throw new IllegalArgumentException("bad node");
        if (arcCount + 2 > from.length) grow();
        int e = arcCount;
        set(e, u, v, capacity, edgeCost);
        set(e + 1, v, u, 0, -edgeCost);
        arcCount += 2;
        return e;
    }

    /** Flow on an edge returned by {@link #addEdge}. */
    public int flow(int edge) {
        return built ? cap[pos[edge ^ 1]] : cap[edge ^ 1];
    }

    /** A node's potential after {@link #run} (its dual variable). */
    public long potential(int node) {
        return pi == null ? 0 : pi[node];
    }

    public int nodes() {
        return nodes;
    }

    /** Sends up to {@code limit} units from {@code s} to {@code t} at minimum cost. */
    public Result run(int s, int t, long limit) {
        build();
        long flow = 0;
        int[] level = new int[nodes];
        int[] it = new int[nodes];
        int[] path = new int[nodes + 1];
        while (flow < limit) {
            long[] dist = dijkstra(s);
            if (dist[t] >= INF) break;
            long dt = dist[t];
            for (int v = 0; v < nodes; v++) pi[v] += Math.min(dist[v], dt);
            while (flow < limit && levels(s, t, level)) {
                System.arraycopy(first, 0, it, 0, nodes);
                flow += augment(s, t, limit - flow, level, it, path);
            }
        }
        long total = 0;
        for (int a = 0; a < arcCount; a++) if (forward[a]) total += (long) cap[rev[a]] * cost[a];
        return new Result(flow, total);
    }

    public record Result(long flow, long cost) {
    }

    /**
     * The dual objective for the current potentials: {@code value * (pi[t] - pi[s]) - sum over edges of
     * capacity * max(0, pi[v] - pi[u] - cost)}. By weak duality no flow of {@code value} units from {@code s} to
     * {@code t} costs less, for any potentials; after {@link #run} it equals the minimum cost.
     */
    public long dualBound(int s, int t, long value) {
        build();
        long bound = value * (pi[t] - pi[s]);
        for (int a = 0; a < arcCount; a++) {
            if (!forward[a]) continue;
            long slack = pi[to[a]] - pi[from[a]] - cost[a];
            if (slack > 0) bound -= slack * (long) (cap[a] + cap[rev[a]]);
        }
        return bound;
    }

    private boolean admissible(int a) {
        return cap[a] > 0 && cost[a] + pi[from[a]] - pi[to[a]] == 0;
    }

    private boolean levels(int s, int t, int[] level) {
        Arrays.fill(level, -1);
        int[] queue = new int[nodes];
        int head = 0;
        int tail = 0;
        level[s] = 0;
        queue[tail++] = s;
        while (head < tail) {
            int u = queue[head++];
            long pu = pi[u];
            for (int a = first[u]; a < first[u + 1]; a++) {
                int v = to[a];
                if (level[v] < 0 && cap[a] > 0 && cost[a] + pu - pi[v] == 0) {
                    level[v] = level[u] + 1;
                    queue[tail++] = v;
                }
            }
        }
        return level[t] >= 0;
    }

    /** Dinic blocking flow on admissible level arcs, iterative depth-first with current-arc pointers. */
    private long augment(int s, int t, long limit, int[] level, int[] it, int[] path) {
        long total = 0;
        int depth = 0;
        int u = s;
        while (true) {
            if (u == t) {
                long f = limit - total;
                for (int i = 0; i < depth; i++) f = Math.min(f, cap[path[i]]);
                for (int i = 0; i < depth; i++) {
                    cap[path[i]] -= (int) f;
                    cap[rev[path[i]]] += (int) f;
                }
                total += f;
                if (total >= limit) return total;
                depth = 0;
                u = s;
                continue;
            }
            boolean advanced = false;
            for (; it[u] < first[u + 1]; it[u]++) {
                int a = it[u];
                int v = to[a];
                if (level[v] == level[u] + 1 && admissible(a)) {
                    path[depth++] = a;
                    u = v;
                    advanced = true;
                    break;
                }
            }
            if (!advanced) {
                if (u == s) return total;
                level[u] = -1;
                int a = path[--depth];
                u = from[a];
                it[u]++;
            }
        }
    }

    private long[] dijkstra(int s) {
        long[] dist = new long[nodes];
        Arrays.fill(dist, INF);
        int[] heap = new int[nodes];
        int[] hpos = new int[nodes];
        Arrays.fill(hpos, -1);
        boolean[] done = new boolean[nodes];
        int size = 0;
        dist[s] = 0;
        heap[size] = s;
        hpos[s] = size++;
        while (size > 0) {
            int u = heap[0];
            hpos[u] = -1;
            size--;
            if (size > 0) {
                heap[0] = heap[size];
                hpos[heap[0]] = 0;
                down(heap, hpos, dist, size, 0);
            }
            done[u] = true;
            long base = dist[u] + pi[u];
            for (int a = first[u]; a < first[u + 1]; a++) {
                if (cap[a] <= 0) continue;
                int v = to[a];
                if (done[v]) continue;
                long nd = base + cost[a] - pi[v];
                if (nd < dist[v]) {
                    dist[v] = nd;
                    if (hpos[v] < 0) {
                        heap[size] = v;
                        hpos[v] = size++;
                    }
                    up(heap, hpos, dist, hpos[v]);
                }
            }
        }
        return dist;
    }

    private static void up(int[] heap, int[] hpos, long[] dist, int i) {
        int v = heap[i];
        while (i > 0) {
            int parent = (i - 1) >> 1;
            if (dist[heap[parent]] <= dist[v]) break;
            heap[i] = heap[parent];
            hpos[heap[i]] = i;
            i = parent;
        }
        heap[i] = v;
        hpos[v] = i;
    }

    private static void down(int[] heap, int[] hpos, long[] dist, int size, int i) {
        int v = heap[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) break;
            if (c + 1 < size && dist[heap[c + 1]] < dist[heap[c]]) c++;
            if (dist[heap[c]] >= dist[v]) break;
            heap[i] = heap[c];
            hpos[heap[i]] = i;
            i = c;
        }
        heap[i] = v;
        hpos[v] = i;
    }

    private void set(int e, int u, int v, int capacity, long c) {
        from[e] = u;
        to[e] = v;
        cap[e] = capacity;
        cost[e] = c;
    }

    private void grow() {
        int n = from.length * 2;
        from = Arrays.copyOf(from, n);
        to = Arrays.copyOf(to, n);
        cap = Arrays.copyOf(cap, n);
        cost = Arrays.copyOf(cost, n);
    }

    /** Lays arcs out contiguously per node, in insertion order; {@code pos} maps edge ids to the new places. */
    private void build() {
        if (built) return;
        built = true;
        first = new int[nodes + 1];
        for (int e = 0; e < arcCount; e++) first[from[e] + 1]++;
        for (int v = 0; v < nodes; v++) first[v + 1] += first[v];
        int[] fill = Arrays.copyOf(first, nodes);
        pos = new int[arcCount];
        for (int e = 0; e < arcCount; e++) pos[e] = fill[from[e]]++;
        int[] nFrom = new int[arcCount];
        int[] nTo = new int[arcCount];
        int[] nCap = new int[arcCount];
        long[] nCost = new long[arcCount];
        rev = new int[arcCount];
        forward = new boolean[arcCount];
        for (int e = 0; e < arcCount; e++) {
            int a = pos[e];
            nFrom[a] = from[e];
            nTo[a] = to[e];
            nCap[a] = cap[e];
            nCost[a] = cost[e];
            rev[a] = pos[e ^ 1];
            forward[a] = (e & 1) == 0;
        }
        from = nFrom;
        to = nTo;
        cap = nCap;
        cost = nCost;
        pi = new long[nodes];
    }
}
