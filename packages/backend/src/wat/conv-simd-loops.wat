;; The loops of the Conv2D training kernels (src/kernels/ConvForward.ts, ConvBackward.ts): a
;; stride-1 convolution's forward pass with its bias and ReLU, and its backward pass, four floats
;; at a time in f32x4 lanes. Every tensor is float32, NHWC, row-major, in tfjs-backend-wasm's heap
;; (the module imports the backend's non-shared WebAssembly.Memory); every pointer is a byte offset
;; into it, 0 for "none".
;;
;; Shapes: x [n, h, w, c] (the layer's input), filter [kh, kw, c, f] (as Keras stores it), b [f],
;; y, dy and dz [n, oh, ow, f] (the output, its loss gradient, and the gradient of the
;; pre-activation: dz = dy · (y > 0) with ReLU, dy without). `g` points to the geometry, 12 int32:
;; n h w c kh kw f oh ow top left 0, where top and left are the rows and columns of zero padding
;; before the input ('valid': 0; 'same': (k - 1) / 2 rounded down).
;;
;;   forward                                        backward
;;   y[b,oy,ox,:] = act(b + Σ x[b,iy,ix,ci]          dFilter[ky,kx,ci,j] = Σ x[b,iy,ix,ci] dz[b,oy,ox,j]
;;                         · filter[ky,kx,ci,:])     db = Σ dz[b,oy,ox,:]
;;     over the taps (ky, kx, ci),                   dx[b,iy,ix,:] = Σ dz[b,oy,ox,j] filter[ky,kx,:,j]
;;     iy = oy + ky - top, ix = ox + kx - left         over the positions, dz = dy · (y > 0)
;;   (forward)                                                                (backward, one pass)
;;
;; Zeros cost nothing. For the forward pass $index_rows lists the nonzero values of one example's
;; x, row by row, as (filter offset, value) pairs, with a table of where each column's pairs
;; start, so that an output's window is one range of pairs per filter row: the forward keeps 16, 4
;; or 1 output channels in registers and runs down the window's pairs (a filter row, scaled by
;; the value, per pair), or, when x is mostly zeros, scatters each pair into the outputs it
;; touches. The backward pass lists each position's nonzero gradients dz[b,oy,ox,j] (a max-pool's
;; gradient leaves three in four zero, ReLU more) and only those do work: each adds its product
;; with x's window into the filter's gradient, and its product with the filter into dx.
;;
;; Sums run in one order, which src/kernels/conv-loops.ts (the same sums in plain JavaScript, the
;; fallback and the tests' reference) follows to the bit: an output adds over the taps (ky, kx,
;; ci) in that order from its bias, skipping zeros of x; a filter or bias gradient adds over the
;; positions (b, oy, ox), skipping zeros of dz (the bias gradient adds every row; the filter
;; gradient of $backward_one_channel skips the products whose x is 0 instead); an input
;; gradient adds, over the positions and then the taps, one sum each, over the nonzero dz[j] from
;; j = 0, to what dx holds.
;;
;; Products and sums also return a check of what they wrote: the sum of v - v over its values, 0
;; when all are finite and NaN when one is not.
;;
;; The functions are in the files of conv-simd-loops/, each named for the loops it holds; the
;; `@include` lines below put their text in here, in that order, which is the order of the
;; module's functions and exports (so reordering them changes the assembled module).
;;
;; Assembled at build time by build/assemble-wat.mjs (npm package wabt, SIMD enabled) into
;; conv-simd-loops.generated.ts; regenerate with `pnpm --filter @mnist-wasm/backend assemble`.
(module
  ;; tfjs-backend-wasm's heap, supplied at instantiation as { env: { memory } }.
  (import "env" "memory" (memory 0))

  ;; @include conv-simd-loops/index-rows.wat
  ;; @include conv-simd-loops/forward.wat
  ;; @include conv-simd-loops/scatter.wat
  ;; @include conv-simd-loops/one-channel.wat
  ;; @include conv-simd-loops/eight-channel-gradients.wat
  ;; @include conv-simd-loops/generic-gradients.wat
  ;; @include conv-simd-loops/backward.wat
)
