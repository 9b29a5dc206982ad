/**
 * How a new alert gets a coordinator's attention beyond the toast, each by the user's choice:
 * a short tone (Web Audio, no sound file to ship) and a system notification when the tab is
 * in the background (the browser asks for permission once).
 */
const SOUND_KEY = 'trial.alertSound'

export const soundEnabled = () => localStorage.getItem(SOUND_KEY) === 'on'
export const setSoundEnabled = (on: boolean) => localStorage.setItem(SOUND_KEY, on ? 'on' : 'off')

export function playAlertTone(): void {
  if (!soundEnabled()) return
  try {
    const audio = new AudioContext()
    const tone = audio.createOscillator()
    const gain = audio.createGain()
    tone.frequency.value = 880
    gain.gain.setValueAtTime(0.2, audio.currentTime)
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4)
    tone.connect(gain).connect(audio.destination)
    tone.start()
    tone.stop(audio.currentTime + 0.4)
    tone.onended = () => void audio.close()
  } catch {
    // No audio device, or autoplay refused before the first click: the toast still shows.
  }
}

export const notificationsSupported = () => typeof Notification !== 'undefined'

export function notifyInBackground(title: string, body: string): void {
  if (!notificationsSupported() || Notification.permission !== 'granted' || !document.hidden) return
  new Notification(title, { body, tag: 'ae-alert' })
}
