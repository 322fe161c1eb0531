// <fathom-echart>: a block element holding one ECharts instance. The server calls
// setOption(json) with a complete option; it replaces the previous one (notMerge), so a host that
// disappears from the data disappears from the chart too.
// Once ECharts has drawn an option the element carries data-rendered="N" (N counts the options
// drawn), so tests and the benchmark can wait for a drawn chart rather than an empty canvas; the
// performance marks fathom-echart:set:<id> and fathom-echart:drawn:<id> say when (DevTools, benchmark).
class FathomEchart extends HTMLElement {
  connectedCallback() {
    if (!this.style.display) {
      this.style.display = 'block';
    }
    performance.mark('fathom-echart:connected:' + this.id);
    // ECharts is created (and the option drawn) in the first ResizeObserver callback, which runs once
    // the page has been laid out, before it is painted. Created here, while Vaadin is still adding
    // the view, each chart would force a layout of the half-built page, be drawn at a provisional
    // size and be drawn again when the layout settled: on the 10,000-GPU fleet page that was ~0.2 s
    // of redraws plus forced layouts in the frame before the first paint.
    this._resizeObserver = new ResizeObserver(() => {
      if (!this._chart) {
        this._create();
      } else {
        // Resize only when the size really changed: a needless resize redraws the whole chart
        // (hundreds of ms for a large heatmap on a busy machine).
        const size = this.clientWidth + 'x' + this.clientHeight;
        if (size !== this._size) {
          this._size = size;
          this._chart.resize();
        }
      }
    });
    this._resizeObserver.observe(this);
  }

  _create() {
    this._size = this.clientWidth + 'x' + this.clientHeight;
    this._chart = echarts.init(this);
    this._drawn = 0;
    this._chart.on('finished', () => {
      if (this._pending) {
        this._pending = false;
        this.setAttribute('data-rendered', String(++this._drawn));
        performance.mark('fathom-echart:drawn:' + this.id);
      }
    });
    if (this._option) {
      this._draw();
    }
  }

  disconnectedCallback() {
    this._resizeObserver.disconnect();
    if (this._chart) {
      this._chart.dispose();
      this._chart = null;
    }
    this.removeAttribute('data-rendered');
  }

  setOption(json) {
    performance.mark('fathom-echart:set:' + this.id);
    this._option = JSON.parse(json);
    if (this._chart) {
      this._draw();
    }
  }

  _draw() {
    this._pending = true;
    this._chart.setOption(this._option, true);
  }
}

customElements.define('fathom-echart', FathomEchart);
performance.mark('fathom-echart:defined');
